//! The drill loop never misleads the player: every order's fate reaches the seat's inbox and
//! forces pane in its language, orders take names as well as ids, and teams show where they are
//! heading and when, as last reported.

mod drill_support;

use drill_support::*;
use drillsim::drill::engine::{Engine, Fate, InboxItem};
use drillsim::drill::i18n::Lang;
use drillsim::drill::line::Command;
use drillsim::drill::ui::Pane;
use ratatui::crossterm::event::KeyCode;

fn county(lang: Lang) -> Engine {
    engine(
        COUNTY,
        "county-commander",
        lang,
        Some(COUNTY_EXERCISE),
        None,
    )
}

fn order_lines(engine: &mut Engine) -> Vec<(u32, String, Fate)> {
    engine
        .snapshot()
        .inbox
        .into_iter()
        .filter_map(|i| match i {
            InboxItem::Order { at, order, fate } => Some((at, order, fate)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_refused_clear_order_reaches_the_inbox_with_its_reason_in_chinese() {
    let mut engine = county(Lang::Zh);
    run(&mut engine, 20);
    engine.handle(Command::Order("dispatch fr06 clear r010".into()));
    run(&mut engine, 8);
    let fates = order_lines(&mut engine);
    assert!(
        fates.iter().any(|(_, o, f)| o == "dispatch fr06 clear r010"
            && matches!(f, Fate::Refused { zh, .. } if zh == "道路 r010 未中断，无需抢通")),
        "{fates:?}"
    );
    assert!(
        fates
            .iter()
            .any(|(at, _, f)| *at == 20 && matches!(f, Fate::Given { .. })),
        "{fates:?}"
    );
    let mut app = app(&mut engine);
    app.pane = Pane::Inbox;
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("命令 dispatch fr06 clear r010 — 被拒绝（道路 r010 未中断"),
        "{text}"
    );
    assert!(
        !text.contains("is not blocked"),
        "no English on a Chinese screen: {text}"
    );
    app.pane = Pane::Forces;
    let text = screen(&mut app, 200, 60);
    let row = text.lines().find(|l| l.contains("fr06")).unwrap();
    assert!(row.contains("被拒绝"), "{row}");
    assert!(!row.contains("已下令"), "{row}");
    // The feedback line says it in Chinese too.
    let feedback = engine.snapshot().feedback.unwrap().text;
    assert!(feedback.contains("道路 r010 未中断"), "{feedback}");
}

#[test]
fn a_dispatched_team_shows_where_it_heads_and_when_as_last_reported() {
    let mut engine = county(Lang::En);
    run(&mut engine, 26);
    // t14 is reachable by road from the county seat (t17 is cut off beyond walking range).
    engine.handle(Command::Order("dispatch fr02 to t14".into()));
    run(&mut engine, 30);
    let snapshot = engine.snapshot();
    let fr02 = snapshot.teams.iter().find(|t| t.team == "fr02").unwrap();
    assert!(fr02.eta_at.is_some(), "{fr02:?}");
    assert!(fr02.as_of > 26, "{fr02:?}");
    let fates = order_lines(&mut engine);
    assert!(
        fates.iter().any(|(_, o, f)| o == "dispatch fr02 to t14"
            && matches!(f, Fate::CarriedOut { eta: Some(_), .. })),
        "{fates:?}"
    );
    let mut app = app(&mut engine);
    app.pane = Pane::Forces;
    let text = screen(&mut app, 200, 60);
    let row = text.lines().find(|l| l.contains("fr02")).unwrap();
    assert!(row.contains("en route to 玉泉镇, ETA T+"), "{row}");
    assert!(!row.contains("00:00"), "{row}");
}

#[test]
fn a_later_order_to_the_same_team_overtakes_the_earlier_one() {
    let mut engine = county(Lang::En);
    run(&mut engine, 26);
    engine.handle(Command::Order("dispatch fr02 to t17".into()));
    engine.handle(Command::Order("dispatch fr02 to t11".into()));
    let fates = order_lines(&mut engine);
    assert!(
        fates.iter().any(|(_, o, f)| o == "dispatch fr02 to t17"
            && matches!(f, Fate::Overtaken { by } if by == "dispatch fr02 to t11")),
        "{fates:?}"
    );
    let mut app = app(&mut engine);
    app.pane = Pane::Inbox;
    let text = screen(&mut app, 200, 60);
    assert!(text.contains("overtaken by a later order"), "{text}");
}

#[test]
fn an_order_may_name_its_place_and_is_journaled_with_ids() {
    let mut engine = county(Lang::Zh);
    run(&mut engine, 26);
    let mut app = app(&mut engine);
    type_text(&mut app, &mut engine, ":dispatch pr02 to 三江");
    keys(&mut app, &mut engine, &[KeyCode::Tab]);
    assert_eq!(app.line.text, "dispatch pr02 to 三江镇 ");
    keys(&mut app, &mut engine, &[KeyCode::Enter]);
    assert!(app.line_error.is_none(), "{:?}", app.line_error);
    let feedback = engine.snapshot().feedback.unwrap();
    assert_eq!(feedback.text, "已下达：dispatch pr02 to t17");
    assert!(
        engine.entries.iter().any(|e| matches!(
            &e.kind,
            drillsim::drill::journal::EntryKind::Order { text, .. } if text == "dispatch pr02 to t17"
        )),
        "the journal keeps the canonical form"
    );
    // Tab offers names beside ids.
    type_text(&mut app, &mut engine, ":dispatch 凤鸣");
    keys(&mut app, &mut engine, &[KeyCode::Tab]);
    assert_eq!(app.line.text, "dispatch 凤鸣镇");
    assert!(
        app.candidates.contains(&"凤鸣镇专职消防站".to_string()),
        "{:?}",
        app.candidates
    );
}

/// A county drill journaled to `path`, played to minute `stop` with an order at 5 and the
/// process then killed (the engine dropped without quitting).
fn killed_county_drill(path: &std::path::Path, stop: u32) {
    let _ = std::fs::remove_file(path);
    let options = drillsim::drill::DrillOptions {
        scenario: Some(COUNTY.into()),
        plan: None,
        seed: 1,
        role: "county-commander".into(),
        lang: Some(Lang::Zh),
        journal: Some(path.to_path_buf()),
        exercise: Some(COUNTY_EXERCISE.into()),
        resume: None,
    };
    let (mut prepared, _) = drillsim::drill::prepare(&options).unwrap();
    run(&mut prepared.engine, 5);
    prepared
        .engine
        .handle(Command::Order("dispatch fr01 to t17".into()));
    run(&mut prepared.engine, stop - 5);
}

fn resume(path: &std::path::Path) -> Engine {
    let options = drillsim::drill::DrillOptions {
        scenario: None,
        plan: None,
        seed: 1,
        role: "county-commander".into(),
        lang: None,
        journal: None,
        exercise: None,
        resume: Some(path.to_path_buf()),
    };
    drillsim::drill::prepare(&options).unwrap().0.engine
}

#[test]
fn a_resumed_drill_shows_what_it_showed_and_journals_each_delivery_once() {
    let dir = std::env::temp_dir().join(format!("drillsim-loop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("killed.jsonl");
    // I01 is delivered at minute 11, in the tick that ends at 12: killed right after it.
    killed_county_drill(&path, 12);
    let mut live = county(Lang::Zh);
    run(&mut live, 5);
    live.handle(Command::Order("dispatch fr01 to t17".into()));
    run(&mut live, 7);
    let mut resumed = resume(&path);
    assert_eq!(resumed.now(), 12);
    let (a, b) = (live.snapshot(), resumed.snapshot());
    let busy = |s: &drillsim::drill::engine::Snapshot| {
        s.teams
            .iter()
            .filter(|t| t.status != drillsim::sim::command::TeamStatusKind::Available)
            .count()
    };
    assert_eq!(busy(&a), busy(&b), "forces");
    assert_eq!(a.inbox, b.inbox, "inbox");
    assert_eq!(a.teams, b.teams, "teams");
    run(&mut resumed, 3);
    drop(resumed);
    let journal = std::fs::read_to_string(&path).unwrap();
    let delivered = journal
        .lines()
        .filter(|l| l.contains("\"delivered\"") && l.contains("\"I01\""))
        .count();
    assert_eq!(delivered, 1, "{journal}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The small town at T+01:00 with the field-commander exercise (as the screen snapshots).
fn small_town(role: &str, lang: Lang) -> (Engine, drillsim::drill::ui::App) {
    let mut engine = engine(SMALL, role, lang, Some(FIELD_EXERCISE), None);
    run(&mut engine, 20);
    engine.handle(Command::Order("priority v1 5".into()));
    run(&mut engine, 40);
    let app = app(&mut engine);
    (engine, app)
}

/// The character at display column `column` of `line`, if one starts there.
fn at_column(line: &str, column: usize) -> Option<char> {
    use unicode_width::UnicodeWidthChar;
    let mut at = 0;
    for c in line.chars() {
        if at == column {
            return Some(c);
        }
        at += c.width().unwrap_or(0);
        if at > column {
            return None;
        }
    }
    None
}

#[test]
fn the_help_scrolls_at_80x24_and_names_ctrl_u() {
    for lang in [Lang::Zh, Lang::En] {
        let (mut engine, mut app) = small_town("controller", lang);
        keys(&mut app, &mut engine, &[KeyCode::Char('?')]);
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("Ctrl-U"), "{text}");
        assert!(
            !text.contains("note TEXT"),
            "the last line is below: {text}"
        );
        keys(
            &mut app,
            &mut engine,
            &[KeyCode::PageDown, KeyCode::PageDown],
        );
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("note TEXT"), "scrolled to the end: {text}");
        keys(&mut app, &mut engine, &[KeyCode::Home]);
        assert!(screen(&mut app, 80, 24).contains("Ctrl-U"));
    }
}

#[test]
fn the_help_popups_border_stands_over_chinese_text() {
    let (mut engine, mut app) = small_town("controller", Lang::Zh);
    keys(&mut app, &mut engine, &[KeyCode::Char('?')]);
    let text = screen(&mut app, 250, 70);
    let lines: Vec<&str> = text.lines().collect();
    // The popup is 76 wide, centred: its left border at column 87.
    let rows: Vec<&&str> = lines
        .iter()
        .filter(|l| at_column(l, 88) == Some(' ') && l.contains("│ "))
        .collect();
    let first = lines
        .iter()
        .position(|l| l.contains("帮助 · 【演练】"))
        .unwrap();
    for line in &lines[first + 1..first + 20] {
        assert_eq!(at_column(line, 87), Some('│'), "{line}\n{text}");
        assert_eq!(at_column(line, 86), Some(' '), "{line}");
    }
    assert!(!rows.is_empty());
}

#[test]
fn the_role_is_shown_by_its_name_and_id() {
    let (_engine, mut app) = small_town("tc-t1", Lang::Zh);
    let text = screen(&mut app, 200, 60);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("角色:青山镇应急指挥部 (tc-t1)"),
        "{text}"
    );
    let (_engine, mut app) = small_town("county-commander", Lang::En);
    let text = screen(&mut app, 200, 60);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("role:县应急指挥部 (county-commander)"),
        "{text}"
    );
}

#[test]
fn the_controllers_msel_and_kpis_are_not_cut_at_200x60() {
    let (_engine, mut app) = small_town("controller", Lang::En);
    let text = screen(&mut app, 200, 60);
    for whole in [
        "T+00:08",
        "✓priority v1≤00:38",
        "rescued by teams",
        "roads blocked (peak)",
        "relief within 4 h",
    ] {
        assert!(text.contains(whole), "{whole}:\n{text}");
    }
}

/// The map pane's inner rows on a 200×60 screen: the first 104 display columns of each.
fn map_pane(text: &str) -> Vec<String> {
    text.lines()
        .skip(2)
        .take(34)
        .map(|line| {
            let mut width = 0;
            line.chars()
                .take_while(|c| {
                    width += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                    width <= 104
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_towns_map_names_its_villages() {
    let (_engine, mut app) = small_town("tc-t1", Lang::Zh);
    let text = map_pane(&screen(&mut app, 200, 60)).join("\n");
    for village in ["石坪村", "桃园村", "松岭村"] {
        assert!(text.contains(village), "{village}:\n{text}");
    }
}

#[test]
fn place_names_on_the_map_never_overwrite_each_other() {
    let scenario = load("scenarios/prefecture-quake.ron");
    let names: std::collections::BTreeSet<&str> = scenario
        .region
        .places
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let mut engine = engine(
        "scenarios/prefecture-quake.ron",
        "county-commander",
        Lang::Zh,
        None,
        None,
    );
    let mut app = app(&mut engine);
    let text = screen(&mut app, 200, 60);
    // Every run of Chinese characters on the map is one whole place name.
    let mut seen = 0;
    for map in map_pane(&text) {
        for run in map
            .split(|c: char| !('\u{4e00}'..='\u{9fff}').contains(&c))
            .filter(|r| !r.is_empty())
        {
            assert!(names.contains(run), "`{run}` is not a place name:\n{text}");
            seen += 1;
        }
    }
    assert!(seen >= 40, "{seen} names:\n{text}");
}

#[test]
fn the_county_commanders_orders_and_their_fates_at_80x24_and_200x60() {
    for lang in [Lang::Zh, Lang::En] {
        let mut engine = county(lang);
        run(&mut engine, 20);
        engine.handle(Command::Order("dispatch fr06 clear r010".into()));
        run(&mut engine, 6);
        engine.handle(Command::Order("dispatch pr02 to 三江镇".into()));
        run(&mut engine, 30);
        let mut app = app(&mut engine);
        for pane in [Pane::Forces, Pane::Inbox] {
            app.pane = pane;
            let text = screen(&mut app, 80, 24);
            insta::assert_snapshot!(
                format!("loop_county-commander_{}_80x24_{pane:?}", lang.code()),
                text
            );
        }
        app.pane = Pane::Inbox;
        let text = screen(&mut app, 200, 60);
        insta::assert_snapshot!(
            format!("loop_county-commander_{}_200x60", lang.code()),
            text
        );
    }
}

#[test]
fn the_minutes_of_reported_cuts_on_the_map_are_whole_and_apart() {
    let mut engine = county(Lang::Zh);
    run(&mut engine, 36);
    let mut app = app(&mut engine);
    let text = screen(&mut app, 200, 60);
    // Every digit on the map belongs to an "HH:MM" standing whole, with no other label's digits
    // or marks run into it.
    let mut whole = 0;
    for row in map_pane(&text) {
        let chars: Vec<char> = row.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                let label: String = chars[i..(i + 5).min(chars.len())].iter().collect();
                let ok = label.len() == 5
                    && label.as_bytes()[2] == b':'
                    && label
                        .chars()
                        .enumerate()
                        .all(|(k, c)| k == 2 || c.is_ascii_digit())
                    && !chars.get(i + 5).is_some_and(|c| c.is_ascii_digit());
                assert!(ok, "`{label}` is not a whole minute:\n{text}");
                whole += 1;
                i += 5;
            } else {
                i += 1;
            }
        }
    }
    assert!(whole >= 3, "{whole} minutes on the map:\n{text}");
}
