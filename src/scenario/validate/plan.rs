//! The plan: warning, reporting, response, command, field command and dispatch.

use std::collections::BTreeSet;

use super::validator::Validator;
use crate::scenario::load::Sourced;
use crate::scenario::model::{
    Activation, Channel, Command, Dispatch, FieldCommand, Plan, Reporting, Response, WarningPlan,
    WarningRule,
};
use crate::scenario::spec::*;

pub(super) fn check_plan(v: &mut Validator, plan: &Sourced<PlanSpec>) -> Plan {
    let file = plan.file.as_str();
    let p = &plan.value;
    if p.name.trim().is_empty() {
        v.error(file, "plan.name".into(), "is empty; name the plan");
    }
    let d = &p.dispatch;
    if d.max_teams_per_site == 0 {
        v.error_hint(
            file,
            "plan.dispatch.max_teams_per_site".into(),
            "is 0: no site could get a team",
            "write 1 or more (3 is usual)",
        );
    }
    v.fraction(file, "plan.dispatch.reserve_share".into(), d.reserve_share);
    if d.priorities.is_empty() && d.rule == DispatchRule::NearestCapable {
        v.warning(
            file,
            "plan.dispatch.priorities".into(),
            "is empty: the doctrine will dispatch nothing",
        );
    }
    let mut priorities = Vec::new();
    for (i, task) in d.priorities.iter().enumerate() {
        if priorities.contains(task) {
            v.warning(
                file,
                format!("plan.dispatch.priorities[{i}]"),
                format!("{task:?} is listed twice"),
            );
        } else {
            priorities.push(*task);
        }
    }
    let r = &p.reporting;
    for (name, value) in [
        ("phone_deadline", r.phone_deadline),
        ("written_deadline", r.written_deadline),
        ("followup_every", r.followup_every),
        ("verified_within", r.verified_within),
        ("sweep_after", r.sweep_after),
        ("phone_hop", r.phone_hop),
        ("satellite_hop", r.satellite_hop),
    ] {
        v.duration(file, format!("plan.reporting.{name}"), value, false);
    }
    let mut reporting = v.fields(file, "plan.reporting");
    reporting.fraction("missed_share", r.missed_share);
    reporting.speed(
        "runner_speed_kmh",
        r.runner_speed_kmh,
        1.0,
        50.0,
        "a walking runner",
    );
    if r.written_deadline < r.phone_deadline {
        v.warning(
            file,
            "plan.reporting.written_deadline".into(),
            "is earlier than the phone deadline",
        );
    }
    let f = &p.field_command;
    v.duration(
        file,
        "plan.field_command.sitrep_every".into(),
        f.sitrep_every,
        false,
    );
    if f.setup_delay_min.0 > f.setup_delay_min.1 {
        v.error(
            file,
            "plan.field_command.setup_delay_min".into(),
            "the minimum is larger than the maximum",
        );
    }
    let w = &p.warning;
    for (i, c) in w.channels.iter().enumerate() {
        v.fraction(file, format!("plan.warning.channels[{i}].reach"), c.reach);
    }
    let mut warning = v.fields(file, "plan.warning");
    warning.fraction("comply_advisory", w.comply_advisory);
    warning.fraction("comply_order", w.comply_order);
    warning.fraction("demonstration_bonus", w.demonstration_bonus);
    warning.duration("departure_median", w.departure_median, false);
    let evacuation_kmh = w.evacuation_speed_kmh;
    warning.speed(
        "evacuation_speed_kmh",
        evacuation_kmh,
        0.5,
        100.0,
        "the slowest walkers",
    );
    for (i, rule) in w.rules.iter().enumerate() {
        if let WarningTrigger::RainAbove(mm) = rule.trigger {
            warning.positive(&format!("rules[{i}].trigger"), mm, 5_000.0, " mm");
        }
    }
    let mut kinds = BTreeSet::new();
    for (i, a) in p.response.activation.iter().enumerate() {
        if !kinds.insert(a.kind) {
            v.error(
                file,
                format!("plan.response.activation[{i}].kind"),
                format!("{:?} is listed twice", a.kind),
            );
        }
    }
    Plan {
        name: p.name.clone(),
        description: p.description.clone(),
        dispatch: Dispatch {
            rule: d.rule,
            priorities,
            max_teams_per_site: d.max_teams_per_site,
            reserve_share: d.reserve_share,
        },
        reporting: Reporting::from(&p.reporting),
        response: Response::from(&p.response),
        command: Command::from(&p.command),
        field_command: FieldCommand::from(&p.field_command),
        warning: WarningPlan::from(&p.warning),
    }
}

impl From<&WarningRuleSpec> for WarningRule {
    fn from(s: &WarningRuleSpec) -> Self {
        WarningRule {
            trigger: s.trigger.clone(),
            tags: s.tags.clone(),
            level: s.level,
            area: s.area.clone(),
            evacuate: s.evacuate,
        }
    }
}

impl From<&ChannelSpec> for Channel {
    fn from(s: &ChannelSpec) -> Self {
        Channel {
            name: s.name.clone(),
            reach: s.reach,
            delay: s.delay,
        }
    }
}

impl From<&WarningPlanSpec> for WarningPlan {
    fn from(s: &WarningPlanSpec) -> Self {
        WarningPlan {
            rules: s.rules.iter().map(WarningRule::from).collect(),
            channels: s.channels.iter().map(Channel::from).collect(),
            comply_advisory: s.comply_advisory,
            comply_order: s.comply_order,
            demonstration_bonus: s.demonstration_bonus,
            departure_median: s.departure_median,
            evacuation_speed_kmh: s.evacuation_speed_kmh,
        }
    }
}

impl From<&ReportingSpec> for Reporting {
    fn from(s: &ReportingSpec) -> Self {
        Reporting {
            phone_deadline: s.phone_deadline,
            written_deadline: s.written_deadline,
            followup_every: s.followup_every,
            verified_within: s.verified_within,
            notice_mean: s.notice_mean,
            missed_share: s.missed_share,
            sweep_after: s.sweep_after,
            written_prep: s.written_prep,
            phone_hop: s.phone_hop,
            satellite_hop: s.satellite_hop,
            runner_speed_kmh: s.runner_speed_kmh,
            direct_report_at: s.direct_report_at,
        }
    }
}

impl From<&ResponseSpec> for Response {
    fn from(s: &ResponseSpec) -> Self {
        Response {
            activation: s.activation.iter().map(Activation::from).collect(),
            quake_quick_report: s.quake_quick_report,
        }
    }
}

impl From<&ActivationSpec> for Activation {
    fn from(s: &ActivationSpec) -> Self {
        Activation {
            kind: s.kind,
            level: s.level,
        }
    }
}

impl From<&CommandSpec> for Command {
    fn from(s: &CommandSpec) -> Self {
        Command {
            decision: s.decision,
            order_latency: s.order_latency,
            team_report: s.team_report,
        }
    }
}

impl From<&FieldCommandSpec> for FieldCommand {
    fn from(s: &FieldCommandSpec) -> Self {
        FieldCommand {
            post_at_trapped: s.post_at_trapped,
            setup_within: s.setup_within,
            sizeup_within: s.sizeup_within,
            sitrep_every: s.sitrep_every,
            setup_delay_min: s.setup_delay_min,
        }
    }
}
