//! The after-action report people use: a section per seat people played, timeline rows by kind
//! with filter buttons in the HTML, and four charts with a point per sample.
mod drill_support;

use std::path::Path;

use drill_support::*;
use drillsim::drill::aar::{self, Report};
use drillsim::drill::engine::Engine;
use drillsim::drill::i18n::Lang;
use drillsim::drill::journal;
use drillsim::drill::line::Command;
use drillsim::sim::EventKind;

const JOURNAL: &str = "tests/golden/drill/small-town-field-commander.jsonl";

/// The committed small-town journal replayed: the engine and its report.
fn replayed() -> (Engine, Report) {
    let read = journal::read(Path::new(JOURNAL)).unwrap();
    let mut prepared = drillsim::drill::engine_for(&read.header, Some(Path::new(JOURNAL)), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let until = read.entries.iter().map(|e| e.t).max().unwrap_or(0);
    prepared.engine.replay(&read.entries, until).unwrap();
    let report = aar::build(
        &mut prepared.engine,
        &prepared.header,
        &prepared.original,
        JOURNAL,
        &[],
    );
    (prepared.engine, report)
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

/// The SVG of the chart with `id`.
fn svg<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(r#"id="chart-{id}""#))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let end = start + html[start..].find("</svg>").unwrap();
    &html[start..end]
}

#[test]
fn the_small_town_report_has_a_seat_section_timeline_filters_and_four_charts() {
    let (mut engine, report) = replayed();
    let md = aar::markdown(&report);
    let html = aar::html(&report);
    // The controller gave orders: it has a section with each order and its fate, and the
    // report no longer says the doctrine played every command role.
    assert!(md.contains("## 席位 / Seat: controller"), "{md}");
    assert!(
        md.contains("| T+00:55 | order 命令 | field-post v1 commander fire-town | carried out 已执行 T+01:00 |"),
        "{md}"
    );
    assert!(
        !md.contains("the doctrine played every command role"),
        "{md}"
    );
    assert!(md.contains("people played controller"), "{md}");
    assert!(md.contains("doctrine for controller"), "{md}");
    // Timeline rows are labelled by kind.
    assert!(
        md.contains("| time 时间 | kind 类别 | what | detail 内容 |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| T+00:55 | 决策 decision | order | controller: field-post v1 commander fire-town |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| T+00:18 | 信息 information | report | initial v1/mainshock from tc-t1 |"),
        "{md}"
    );
    // HTML: one filter button per kind (decisions alone is one click), every row has its kind.
    assert_eq!(count(&html, r#"<div class="filters""#), 1);
    for kind in ["all", "decision", "information", "inject", "other"] {
        assert_eq!(
            count(&html, &format!(r#"data-filter="{kind}""#)),
            1,
            "{kind}"
        );
    }
    let rows = count(&html, "<tr data-kind=");
    assert_eq!(
        rows,
        count(&html, r#"<tr data-kind="decision">"#)
            + count(&html, r#"<tr data-kind="information">"#)
            + count(&html, r#"<tr data-kind="inject">"#)
            + count(&html, r#"<tr data-kind="other">"#)
    );
    assert!(count(&html, r#"<tr data-kind="decision">"#) >= 9);
    assert!(
        html.contains("<script>") && !html.contains("<script src"),
        "inline script only"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing from the network"
    );
    // Four charts; the line charts have one point per sample, the lag chart a bar per incident.
    assert_eq!(count(&html, r#"<svg class="chart "#), 4);
    let samples = aar::sample_times(engine.now()).len();
    assert_eq!(
        samples, 25,
        "every 5 minutes over two hours, both ends included"
    );
    for id in ["trapped", "level", "teams"] {
        let chart = svg(&html, id);
        assert_eq!(count(chart, r#"<circle class="sample""#), samples, "{id}");
        assert!(chart.contains("<polyline"), "{id}");
        assert!(
            chart.contains("T+)") && chart.contains("02:00"),
            "{id}: time axis"
        );
    }
    let incidents = engine
        .sim()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::IncidentOpened { .. }))
        .count();
    assert!(incidents > 0);
    assert_eq!(count(svg(&html, "lag"), r#"<rect class="bar"#), incidents);
    // Labels in both languages.
    for title in [
        "被困存活人数 / Trapped alive",
        "响应级别 / Response level",
        "投入队伍数 / Teams committed",
        "信息时滞 / Information lag",
    ] {
        assert!(html.contains(title) && md.contains(title), "{title}");
    }
}

#[test]
fn trapped_alive_from_the_event_log_agrees_with_the_hourly_samples() {
    for (scenario, minutes) in [(SMALL, 240), (COUNTY, 360)] {
        let mut engine = engine(scenario, "controller", Lang::En, None, None);
        run(&mut engine, minutes);
        let hourly = engine.sim().outcome().hourly;
        let times: Vec<u32> = hourly.iter().map(|h| h.t).collect();
        let rebuilt = aar::charts::trapped_alive(engine.sim().events(), &times);
        let sampled: Vec<f64> = hourly.iter().map(|h| h.trapped_alive as f64).collect();
        assert_eq!(rebuilt, sampled, "{scenario}");
    }
}

#[test]
fn a_seat_that_played_nothing_gets_no_section() {
    let scenario = load(SMALL);
    // The controller watched and gave no order: the doctrine played every command role.
    let mut engine = engine(SMALL, "controller", Lang::En, Some(FIELD_EXERCISE), None);
    run(&mut engine, 30);
    let header = journal::header(Path::new(SMALL), None, 1, "controller", "en", None);
    let md = aar::markdown(&aar::build(&mut engine, &header, &scenario, "j", &[]));
    assert!(!md.contains("Seat:"), "{md}");
    assert!(
        md.contains("the doctrine played every command role"),
        "{md}"
    );
    assert!(md.contains("doctrine alone"), "{md}");
    // A person sat in tc-t1 but the drill never started: nothing to show.
    let mut engine = drill_support::engine(SMALL, "tc-t1", Lang::En, Some(FIELD_EXERCISE), None);
    let header = journal::header(Path::new(SMALL), None, 1, "tc-t1", "en", None);
    let md = aar::markdown(&aar::build(&mut engine, &header, &scenario, "j", &[]));
    assert!(!md.contains("Seat:"), "{md}");
    assert!(md.contains("people played tc-t1"), "{md}");
}

#[test]
fn a_played_seat_shows_its_refused_orders_with_the_reason_and_its_own_doctrine_comparison() {
    let scenario = load(SMALL);
    let mut engine = engine(SMALL, "tc-t1", Lang::Zh, Some(FIELD_EXERCISE), None);
    // r1 is never blocked: clearing it is refused when the order arrives.
    engine.handle(Command::Order("dispatch fire-town clear r1".into()));
    run(&mut engine, 60);
    let header = journal::header(Path::new(SMALL), None, 1, "tc-t1", "zh", None);
    let md = aar::markdown(&aar::build(&mut engine, &header, &scenario, "j", &[]));
    assert!(md.contains("## 席位 / Seat: tc-t1"), "{md}");
    assert!(
        md.contains(
            "| T+00:00 | order 命令 | dispatch fire-town clear r1 | refused 未执行 T+00:05: r1 is not blocked |"
        ),
        "{md}"
    );
    assert!(
        md.contains("- Decisions 决策: 1 order(s), 0 carried out, 1 refused."),
        "{md}"
    );
    // What reached tc-t1: the exercise's injects, in order of delivery; what it sent up.
    assert!(
        md.contains("inject(s): T+00:08 FC1 (石坪村村委会); T+00:23 FC3 (镇应急办); T+00:50 FC2 (镇专职消防队)."),
        "{md}"
    );
    assert!(
        md.contains("- Information shared 报送/共享: ") && md.contains("initial → hq"),
        "{md}"
    );
    assert!(
        md.contains("| KPI | target 目标 | drill 本次演练 | doctrine for tc-t1 预案代替 |"),
        "{md}"
    );
}

/// The doctrine comparison for a seat a person played puts the doctrine in that seat: its
/// teams are the doctrine's again in the re-run, as if nobody had played it. A town seat that
/// gave one order and nothing else compares with the doctrine playing every role.
#[test]
fn the_doctrine_in_a_played_seat_commands_that_seats_teams() {
    let mut engine = engine(SMALL, "tc-t1", Lang::En, None, None);
    run(&mut engine, 5);
    engine.handle(Command::Order("recall volunteers".into()));
    run(&mut engine, 175);
    let end = engine.now();
    let header = journal::header(Path::new(SMALL), None, 1, "tc-t1", "en", None);
    let original = load(SMALL);
    let in_seat = aar::doctrine_in_seat(&engine, &header, &original, "tc-t1", end).unwrap();
    let alone = aar::doctrine_kpis(&original, 1, end);
    assert_eq!(in_seat, alone);
}

/// The report's decisions of a seat say what became of its information verbs: a size-up sent,
/// a share refused with the reason — never "not given".
#[test]
fn a_seats_size_up_is_sent_and_its_refused_share_refused_in_the_report() {
    let mut engine = engine(SMALL, "tc-t1", Lang::En, None, None);
    run(&mut engine, 30);
    engine.handle(Command::Order("sizeup v1".into()));
    engine.handle(Command::Order("share hq forecasts".into()));
    run(&mut engine, 5);
    let end = engine.now();
    let entries = engine.entries.clone();
    let decisions = aar::decisions(&entries, engine.sim().events(), "tc-t1", end);
    let fate = |order: &str| {
        decisions
            .iter()
            .find(|d| d.order == order)
            .map(|d| d.fate.clone())
            .unwrap_or_default()
    };
    assert_eq!(fate("sizeup v1"), "sent 已发送 T+00:30");
    assert!(
        fate("share hq forecasts").starts_with("refused 未执行: nothing to share"),
        "{decisions:?}"
    );
}
