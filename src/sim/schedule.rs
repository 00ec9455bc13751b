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
//!
//! Systems whose model often has nothing to do carry a **run condition**, a cheap check of
//! whether anything is due this tick (a report arriving, a quake's minute, a doctrine review…);
//! on other ticks the schedule skips them, and what they would have done is exactly nothing.
//! `build_schedule(false)` leaves the conditions out, so a test can check that skipping changes
//! no byte of a run's results.

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{
    LogLevel, ScheduleBuildSettings, ScheduleConfigs, SingleThreadedExecutor, SystemCondition,
};
use bevy_ecs::system::ScheduleSystem;

use super::components::{SiteWork, site_work_due};
use super::hazards::earthquake;
use super::systems::{accounting, medical, teams, trapped};
use super::{command, hazards, relief, warning};

/// `system`, skipped on ticks where `due` is false if `skip_idle`.
fn when<M, CM>(
    skip_idle: bool,
    system: impl IntoScheduleConfigs<ScheduleSystem, M>,
    due: impl SystemCondition<CM>,
) -> ScheduleConfigs<ScheduleSystem> {
    if skip_idle {
        system.run_if(due)
    } else {
        system.into_configs()
    }
}

/// Builds the tick schedule; `skip_idle` lets run conditions skip systems with nothing due.
pub fn build_schedule(skip_idle: bool) -> Schedule {
    let on = skip_idle;
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        ..ScheduleBuildSettings::default()
    });
    schedule.add_systems(
        (
            // 1. hazards
            when(on, earthquake::strike_earthquakes, earthquake::quakes_due),
            when(on, hazards::rain_falls, hazards::has_rain),
            when(on, hazards::realise_hazards, hazards::hazards_due),
            // 2. consequences
            when(on, trapped::settle_trapped, site_work_due(SiteWork::Fates)),
            // 3. command: information up, decisions, orders down
            when(
                on,
                command::notice_incidents,
                site_work_due(SiteWork::Notices),
            ),
            when(on, command::deliver_reports, command::reports_due),
            when(
                on,
                command::send_scheduled_reports,
                site_work_due(SiteWork::Reports),
            ),
            // grading, then the echelons the levels in force release
            (
                command::grade_response,
                when(on, command::release_echelons, command::echelons_waiting),
            )
                .chain(),
            when(on, warning::monitor_and_warn, warning::monitoring_due),
            when(on, teams::carry_out_orders, teams::orders_due),
            when(on, teams::dispatch_by_doctrine, teams::review_due),
            // 4. operations
            teams::advance_teams,
            command::report_team_status,
            when(
                on,
                command::run_field_command,
                site_work_due(SiteWork::FieldCommand),
            ),
            medical::carry_injured,
            when(on, warning::evacuate, warning::evacuation_under_way),
            relief::deliver_relief,
            // road states found and information shared (read by no system above)
            when(on, command::notice_road_changes, command::roads_changed),
            when(on, command::deliver_tidings, command::tidings_due),
            // 5. accounting
            (
                when(on, accounting::sample_hourly, accounting::sampling_due),
                when(on, command::sample_known_deaths, command::known_deaths_due),
            )
                .chain(),
        )
            .chain(),
    );
    schedule
}
