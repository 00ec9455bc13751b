//! The local commands' reports: incidents noticed (or missed until a sweep) and reported
//! first by phone, then the written, follow-up and verified reports when they fall due.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rand::RngExt;

use super::belief::{Belief, IncidentBelief};
use super::chain::Comms;
use super::duties::{Duties, ReportKind};
use super::messaging::{About, ChainTraffic, Estimate, Outbox, Report};
use crate::scenario::Scenario;
use crate::sim::components::*;
use crate::sim::events::EventKind;
use crate::sim::resources::*;
use crate::sim::roads::{LinkState, RoadNetwork};
use crate::sim::sample;

/// Dispersion of a first estimate of the trapped and missing (lognormal); later reports are
/// better. The dead are counted, not estimated: only verified deaths are reported.
const FIRST_ESTIMATE_SIGMA: f64 = 0.4;
const FOLLOWUP_ESTIMATE_SIGMA: f64 = 0.15;

/// Random stream for information: noticing, estimates.
#[derive(Resource, Debug)]
pub struct InformationRng(pub rand_pcg::Pcg64);

/// A round over the unsettled rescue sites: the clock, the agenda of site work, and the sites.
#[derive(SystemParam)]
pub struct SiteRounds<'w, 's> {
    pub clock: Res<'w, Clock>,
    pub agenda: ResMut<'w, SiteAgenda>,
    pub sites: Query<'w, 's, (Entity, &'static mut RescueSite), Without<Settled>>,
}

/// The local command of a site sends `report`: up the chain, and straight to the HQ as well
/// (直报) when the estimates reach the plan's threshold; when the reporter is the HQ itself,
/// the report is simply made. The reporter's own belief (`own`) takes the figures it reports.
fn report_site(
    outbox: &mut Outbox,
    duties: &mut Duties,
    now: u32,
    reporter: usize,
    report: Report,
    own: Option<&mut Belief>,
) {
    if let Some(belief) = own {
        belief.revise(
            &report.about.id,
            report.est.into(),
            report.about.closed,
            now,
        );
    }
    if outbox.chain.is_county_hq(reporter) {
        duties.made(&report.about.id, report.kind, now);
        return;
    }
    let est = report.est;
    let direct =
        est.trapped + est.dead + est.missing >= outbox.scenario.plan.reporting.direct_report_at;
    outbox.send_up(now, reporter, report, direct);
}

/// What is known of a site on the scene at `now` (a field post's figures, exact): the trapped
/// still alive, the deaths verified, the people unaccounted for.
pub(super) fn on_scene(site: &RescueSite, now: u32) -> Estimate {
    Estimate {
        trapped: site.remaining(),
        dead: site.dead_verified_by(now),
        missing: site.unaccounted_at(now),
    }
}

/// What the local command of `site` reports at `now`: the trapped and the missing estimated
/// (lognormal, `sigma`), the missing only as far as they have been counted yet
/// (`models.information.tally_mean`); the dead verified so far, exactly.
fn local_estimate(
    rng: &mut InformationRng,
    scenario: &Scenario,
    site: &RescueSite,
    now: u32,
    sigma: f64,
) -> Estimate {
    let tally_mean = scenario.models.information.tally_mean.as_minutes().max(1) as f64;
    let counted = 1.0 - libm::exp(-(now.saturating_sub(site.onset) as f64) / tally_mean);
    let missing = (site.unaccounted_at(now) as f64 * counted).round() as u32;
    Estimate {
        trapped: sample::estimate(&mut rng.0, site.remaining(), sigma),
        dead: site.dead_verified_by(now),
        missing: sample::estimate(&mut rng.0, missing, sigma),
    }
}

/// Whether nobody at `place` can get word out: no phone, and every road to it blocked (a place
/// with no road at all is not cut off by the quake).
fn isolated(comms: &Comms, roads: &RoadNetwork, place: usize) -> bool {
    if comms.phone_at(place) {
        return false;
    }
    let mut touching = roads
        .links
        .iter()
        .filter(|l| l.from == place || l.to == place)
        .peekable();
    touching.peek().is_some() && touching.all(|l| l.state == LinkState::Blocked)
}

/// The unsettled sites for which `wanted` holds, in site order (`RescueSite::order`: the order
/// their random draws are made in, which no renaming of ids changes). Looking through read-only
/// is cheaper than through `Mut`.
pub fn in_site_order(
    sites: &Query<(Entity, &mut RescueSite), Without<Settled>>,
    wanted: impl Fn(&RescueSite) -> bool,
) -> Vec<Entity> {
    let mut found: Vec<((u32, u64, usize), Entity)> = sites
        .iter()
        .filter(|(_, s)| wanted(s))
        .map(|(e, s)| (s.order, e))
        .collect();
    found.sort_unstable();
    found.into_iter().map(|(_, e)| e).collect()
}

/// Whether nothing is left to do or report about `site`: it is closed, its verified report is
/// made, no follow-up falls due before it closed, and any field post has sent its size-up.
pub(super) fn fully_reported(scenario: &Scenario, site: &RescueSite) -> bool {
    let r = &site.reporting;
    site.closed_at.is_some()
        && r.noticed
        && r.written_sent
        && r.verified_sent
        && site.next_followup_due(&scenario.plan.reporting).is_none()
        && r.post.as_ref().is_none_or(|p| p.sizeup_sent)
}

/// Local commands notice incidents and send the initial report; the required reports of each
/// incident are registered. A place with no phone and every road to it blocked gets word out
/// only after `models.information.isolated_report_mean` on average (someone walks out, a
/// patrol or aircraft passes), or at the survey sweep.
pub fn notice_incidents(
    rounds: SiteRounds,
    mut traffic: ChainTraffic,
    mut rng: ResMut<InformationRng>,
    roads: Res<RoadNetwork>,
    mut beliefs: Query<&mut Belief>,
) {
    let SiteRounds {
        clock,
        mut agenda,
        mut sites,
    } = rounds;
    let (scenario, mut outbox, duties) = traffic.outbox();
    let chain = outbox.chain;
    let r = &scenario.plan.reporting;
    let end = clock.tick_end();
    // A fixed order: draws must not depend on entity layout.
    let fresh = in_site_order(&sites, |s| {
        s.reporting.notice_at.is_none()
            || (!s.reporting.noticed && s.reporting.notice_at.is_some_and(|t| t < end))
    });
    for entity in fresh {
        let Ok((_, mut site)) = sites.get_mut(entity) else {
            continue;
        };
        if site.reporting.notice_at.is_none() {
            let missed = rng.0.random::<f64>() < r.missed_share;
            let sweep = r.sweep_after.as_minutes();
            let delay = if isolated(outbox.comms, &roads, site.place) {
                let mean = scenario.models.information.isolated_report_mean;
                let word_out = sample::exponential(&mut rng.0, mean.as_minutes().max(1) as f64);
                (word_out.min(sweep as f64) as u32).max(1)
            } else if missed {
                sweep
            } else {
                sample::exponential(&mut rng.0, r.notice_mean.as_minutes().max(1) as f64) as u32 + 1
            };
            site.reporting.toll = Toll::draw(
                &mut rng.0,
                &scenario.models.information,
                site.onset,
                site.killed_outright,
                site.trapped_initial,
            );
            site.reporting.notice_at = Some(site.onset + delay);
            site.reporting.reporter = chain.reporter_of_place[site.place];
            duties.require(
                &site.id,
                ReportKind::Initial,
                site.onset + r.phone_deadline.as_minutes(),
            );
            duties.require(
                &site.id,
                ReportKind::Written,
                site.onset + r.written_deadline.as_minutes(),
            );
        }
        let notice_at = site.reporting.notice_at.unwrap_or(u32::MAX);
        if site.reporting.noticed || notice_at >= end {
            continue;
        }
        site.reporting.noticed = true;
        agenda.lower(SiteWork::Reports, scenario, &site);
        let now = notice_at.max(clock.now);
        let reporter = site.reporting.reporter;
        let est = local_estimate(&mut rng, scenario, &site, now, FIRST_ESTIMATE_SIGMA);
        if let Ok(mut belief) = beliefs.get_mut(chain.entities[reporter]) {
            belief.learn(IncidentBelief {
                incident: site.id.clone(),
                site: entity,
                place: site.place,
                est_trapped: est.trapped,
                est_dead: est.dead,
                est_missing: est.missing,
                known_since: now,
                updated_at: now,
                reported_at: now,
                closed: site.closed,
                has_post: false,
            });
        }
        outbox.log.record(now, || EventKind::IncidentNoticed {
            incident: site.id.clone(),
            by: chain.ids[reporter].clone(),
            delay_min: now - site.onset,
        });
        let report = Report {
            kind: ReportKind::Initial,
            about: About::site(entity, &site),
            est,
        };
        report_site(&mut outbox, duties, now, reporter, report, None);
    }
    agenda.reckon(SiteWork::Notices, scenario, sites.iter());
}

/// Written, follow-up and verified reports, sent by the local command when they are due.
pub fn send_scheduled_reports(
    rounds: SiteRounds,
    mut traffic: ChainTraffic,
    mut rng: ResMut<InformationRng>,
    mut beliefs: Query<&mut Belief>,
    mut commands: Commands,
) {
    let SiteRounds {
        clock,
        mut agenda,
        mut sites,
    } = rounds;
    let (scenario, mut outbox, duties) = traffic.outbox();
    let r = &scenario.plan.reporting;
    let now = clock.now;
    // Only sites with a report due this tick are visited in a fixed order (the draws).
    let due_now = |site: &RescueSite| site.next_report(r) <= now;
    for entity in in_site_order(&sites, due_now) {
        let Ok((_, mut site)) = sites.get_mut(entity) else {
            continue;
        };
        let reporter = site.reporting.reporter;
        let mut to_send: Vec<ReportKind> = Vec::new();
        if site.written_report_at(r).is_some_and(|at| now >= at) {
            site.reporting.written_sent = true;
            to_send.push(ReportKind::Written);
        }
        if let Some(next_due) = site.next_followup_due(r)
            && now >= RescueSite::followup_send_at(next_due, r)
        {
            site.reporting.followups_sent += 1;
            duties.require(&site.id, ReportKind::FollowUp, next_due);
            to_send.push(ReportKind::FollowUp);
        }
        if let Some(accounted_at) = site.accounted_at()
            && site.verified_report_at(r).is_some_and(|at| now >= at)
        {
            site.reporting.verified_sent = true;
            duties.require(
                &site.id,
                ReportKind::Verified,
                accounted_at.saturating_add(r.verified_within.as_minutes()),
            );
            to_send.push(ReportKind::Verified);
        }
        for kind in to_send {
            let sigma = if kind == ReportKind::Verified {
                0.0
            } else {
                FOLLOWUP_ESTIMATE_SIGMA
            };
            let est = local_estimate(&mut rng, scenario, &site, now, sigma);
            let report = Report {
                kind,
                about: About::site(entity, &site),
                est,
            };
            let own = beliefs.get_mut(outbox.chain.entities[reporter]).ok();
            report_site(
                &mut outbox,
                duties,
                now,
                reporter,
                report,
                own.map(Mut::into_inner),
            );
        }
        if fully_reported(scenario, &site) {
            commands.entity(entity).insert(Settled);
        }
    }
    agenda.reckon(SiteWork::Reports, scenario, sites.iter());
}
