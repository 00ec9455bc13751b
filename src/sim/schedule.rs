//! The one place where every system and its order is listed.
//!
//! A tick runs five phases, chained, single-threaded:
//! 1. **hazards** — hazards strike and do damage;
//! 2. **consequences** — trapped people die or are freed by neighbours;
//! 3. **command** — incidents are noticed and reported up the chain, the HQ grades the
//!    response on its belief, orders that arrive are carried out, the doctrine decides;
//! 4. **operations** — teams travel, work and rest; ambulances carry the injured;
//! 5. **accounting** — samples for KPIs and reports.
//!
//! Ambiguity detection is set to error: two systems touching the same data in an unspecified
//! order would fail the schedule build (a test builds it).

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{LogLevel, ScheduleBuildSettings, SingleThreadedExecutor};

use super::systems::{accounting, earthquake, medical, teams, trapped};
use super::{command, hazards, relief, warning};

/// Builds the tick schedule.
pub fn build_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        ..ScheduleBuildSettings::default()
    });
    schedule.add_systems(
        (
            // 1. hazards
            earthquake::strike_earthquakes.run_if(earthquake::quakes_due),
            hazards::rain_falls.run_if(hazards::has_rain),
            hazards::realise_hazards.run_if(hazards::hazards_due),
            // 2. consequences
            trapped::settle_trapped,
            // 3. command: information up, decisions, orders down
            command::notice_incidents,
            command::deliver_reports.run_if(command::reports_due),
            command::send_scheduled_reports,
            command::grade_response,
            warning::monitor_and_warn.run_if(warning::monitoring_due),
            teams::carry_out_orders.run_if(teams::orders_due),
            teams::dispatch_by_doctrine.run_if(teams::review_due),
            // 4. operations
            teams::advance_teams,
            command::report_team_status,
            command::run_field_command,
            medical::carry_injured,
            warning::evacuate.run_if(warning::evacuation_under_way),
            relief::deliver_relief,
            // 5. accounting
            accounting::sample_hourly.run_if(accounting::sampling_due),
        )
            .chain(),
    );
    schedule
}
