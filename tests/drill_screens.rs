//! Whole-screen snapshots of every pane, in both languages, at 80×24 and 200×60, for the
//! controller and for players; and scripted key and mouse sequences through the real input path
//! (crossterm events → `App::handle` → engine → snapshot → `TestBackend`).

mod drill_support;

use drill_support::*;
use drillsim::drill::engine::Engine;
use drillsim::drill::i18n::Lang;
use drillsim::drill::ui::{App, Pane, UiEvent};
use ratatui::crossterm::event::KeyModifiers;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};

/// The small town at T+01:00 with the field-commander exercise, an order given and a rating.
fn drill(role: &str, lang: Lang) -> (Engine, App) {
    let mut engine = engine(SMALL, role, lang, Some(FIELD_EXERCISE), None);
    run(&mut engine, 20);
    let mut app = app(&mut engine);
    type_text(&mut app, &mut engine, ":priority v1 5");
    keys(&mut app, &mut engine, &[KeyCode::Enter]);
    if role == "controller" {
        type_text(&mut app, &mut engine, ":rate F2 S ranked v1 first");
        keys(&mut app, &mut engine, &[KeyCode::Enter]);
    }
    run(&mut engine, 40);
    refresh(&mut app, &mut engine);
    (engine, app)
}

fn lang_name(lang: Lang) -> &'static str {
    lang.code()
}

#[test]
fn every_pane_in_both_languages_at_80x24_and_200x60() {
    for role in ["controller", "tc-t1", "county-commander"] {
        for lang in [Lang::Zh, Lang::En] {
            let (_engine, mut app) = drill(role, lang);
            for (i, pane) in Pane::all(role == "controller").iter().enumerate() {
                app.pane = *pane;
                let text = screen(&mut app, 80, 24);
                assert!(text.starts_with(" 【演练】EXERCISE"), "marked: {text}");
                insta::assert_snapshot!(
                    format!(
                        "drill_{role}_{}_80x24_{}_{:?}",
                        lang_name(lang),
                        i + 1,
                        pane
                    ),
                    text
                );
            }
            app.pane = Pane::Map;
            let text = screen(&mut app, 200, 60);
            insta::assert_snapshot!(format!("drill_{role}_{}_200x60", lang_name(lang)), text);
        }
    }
}

#[test]
fn help_overlay_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let (mut engine, mut app) = drill("controller", lang);
        keys(&mut app, &mut engine, &[KeyCode::Char('?')]);
        let text = screen(&mut app, 80, 24);
        insta::assert_snapshot!(format!("drill_help_{}_80x24", lang_name(lang)), text);
        keys(&mut app, &mut engine, &[KeyCode::Esc]);
        assert!(!app.help);
    }
}

#[test]
fn cjk_columns_line_up() {
    // Every row of a table pane has its columns at the same display columns whatever the script.
    let (_engine, mut app) = drill("controller", Lang::Zh);
    app.pane = Pane::Incidents;
    let text = screen(&mut app, 80, 24);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("/mainshock")).collect();
    assert!(rows.len() >= 3, "{text}");
    let column_of = |line: &str, needle: &str| {
        let byte = line.find(needle).unwrap();
        unicode_width::UnicodeWidthStr::width(&line[..byte])
    };
    let header = text.lines().find(|l| l.contains("被困")).unwrap();
    let trapped_col = column_of(header, "被困");
    for row in rows {
        // The trapped count starts where its header does.
        let after_name: String = row.chars().collect();
        let w = unicode_width::UnicodeWidthStr::width(after_name.as_str());
        assert!(w <= 80);
        let cells: Vec<(usize, char)> = {
            let mut col = 0;
            row.chars()
                .map(|c| {
                    let at = col;
                    col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    (at, c)
                })
                .collect()
        };
        let digit = cells
            .iter()
            .find(|(at, _)| *at == trapped_col)
            .map(|(_, c)| *c);
        assert!(
            digit.is_some_and(|c| c.is_ascii_digit()),
            "row `{row}` has no count at column {trapped_col}"
        );
    }
}

#[test]
fn an_order_typed_with_completion_reaches_the_engine() {
    let mut engine = engine(SMALL, "county-commander", Lang::En, None, None);
    run(&mut engine, 30);
    let mut app = app(&mut engine);
    // `:` opens the order line; Tab completes verbs and ids by prefix.
    type_text(&mut app, &mut engine, ":dis");
    keys(&mut app, &mut engine, &[KeyCode::Tab]);
    assert_eq!(app.line.text, "dispatch ");
    type_text(&mut app, &mut engine, "fire-c");
    keys(&mut app, &mut engine, &[KeyCode::Tab]);
    type_text(&mut app, &mut engine, "t");
    keys(&mut app, &mut engine, &[KeyCode::Tab]);
    type_text(&mut app, &mut engine, "v");
    keys(&mut app, &mut engine, &[KeyCode::Tab]);
    assert_eq!(app.candidates, vec!["v1", "v2", "v3", "v4", "v5"]);
    type_text(&mut app, &mut engine, "1");
    assert_eq!(app.line.text, "dispatch fire-county to v1");
    keys(&mut app, &mut engine, &[KeyCode::Enter]);
    assert!(!app.editing);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("given: dispatch fire-county to v1"), "{text}");
    // The forces board shows the order and what became of it, as far as the commander knows.
    app.pane = Pane::Forces;
    run(&mut engine, 10);
    refresh(&mut app, &mut engine);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("dispatch fire-county to v1 · delivered"),
        "{text}"
    );
    // History brings it back.
    keys(&mut app, &mut engine, &[KeyCode::Char(':'), KeyCode::Up]);
    assert_eq!(app.line.text, "dispatch fire-county to v1");
}

#[test]
fn a_bad_order_shows_the_parsers_message_inline_and_stays_editable() {
    let mut engine = engine(SMALL, "county-commander", Lang::Zh, None, None);
    let mut app = app(&mut engine);
    type_text(&mut app, &mut engine, ":dispatch fire-county frm v1");
    keys(&mut app, &mut engine, &[KeyCode::Enter]);
    assert!(app.editing);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("第 22 列：队伍之后应为 `to` 或 `clear`，而不是 `frm`"),
        "{text}"
    );
    // Esc cancels: the draft and its error go, so the next `:` starts from an empty line.
    keys(&mut app, &mut engine, &[KeyCode::Esc]);
    assert!(!app.editing && app.line.text.is_empty() && app.line_error.is_none());
    // An unknown id passes the grammar and is refused by the engine, with its reason.
    type_text(&mut app, &mut engine, ":recall nobody");
    keys(&mut app, &mut engine, &[KeyCode::Enter]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("未执行：未知队伍 `nobody`"), "{text}");
    // Controller words are not for players.
    type_text(&mut app, &mut engine, ":note hello");
    keys(&mut app, &mut engine, &[KeyCode::Enter]);
    assert!(app.line_error.as_ref().unwrap().1.contains("仅限导调人员"));
}

#[test]
fn clock_keys_pause_step_and_change_speed() {
    let mut engine = engine(SMALL, "controller", Lang::En, None, None);
    let mut app = app(&mut engine);
    assert!(app.snapshot.as_ref().unwrap().paused);
    keys(
        &mut app,
        &mut engine,
        &[KeyCode::Char('.'), KeyCode::Char('.')],
    );
    assert_eq!(app.snapshot.as_ref().unwrap().now, 2);
    keys(&mut app, &mut engine, &[KeyCode::Char(']')]);
    assert_eq!(app.snapshot.as_ref().unwrap().speed, 600);
    keys(
        &mut app,
        &mut engine,
        &[KeyCode::Char('['), KeyCode::Char('['), KeyCode::Char('[')],
    );
    assert_eq!(app.snapshot.as_ref().unwrap().speed, 1);
    keys(&mut app, &mut engine, &[KeyCode::Char(' ')]);
    assert!(!app.snapshot.as_ref().unwrap().paused);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("T+00:02 (02:02) ▶ 1×"), "{text}");
}

#[test]
fn panes_switch_by_number_tab_and_mouse_and_rows_select_with_the_mouse() {
    let (mut engine, mut app) = drill("controller", Lang::En);
    keys(&mut app, &mut engine, &[KeyCode::Char('3')]);
    assert_eq!(app.pane, Pane::Forces);
    keys(&mut app, &mut engine, &[KeyCode::Tab]);
    assert_eq!(app.pane, Pane::Inbox);
    let _ = screen(&mut app, 80, 24);
    // Click the second tab (" 2 Incidents " starts after " 1 Map │").
    let click = |column, row| {
        UiEvent::Input(Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    };
    app.handle(click(10, 1));
    assert_eq!(app.pane, Pane::Incidents);
    // Click the third data row: status, tabs, border, header, then rows.
    app.handle(click(5, 6));
    assert_eq!(app.selected[Pane::Incidents as usize], 2);
    // Enter on a team drafts a dispatch for it.
    keys(
        &mut app,
        &mut engine,
        &[KeyCode::Char('3'), KeyCode::Down, KeyCode::Enter],
    );
    assert!(app.editing);
    assert_eq!(app.line.text, "dispatch fire-town to ");
    // The wide layout shows every pane at once; a click focuses the pane under it.
    keys(&mut app, &mut engine, &[KeyCode::Esc]);
    let _ = screen(&mut app, 200, 60);
    app.handle(click(150, 40));
    assert_ne!(app.pane, Pane::Forces);
}

#[test]
fn no_color_draws_no_colour() {
    let (_engine, mut app) = drill("controller", Lang::En);
    app.no_color = true;
    let backend = ratatui::backend::TestBackend::new(200, 60);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal
        .draw(|f| drillsim::drill::ui::draw::draw(f, &app))
        .unwrap();
    for cell in terminal.backend().buffer().content.iter() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
    }
}

const FLOOD: &str = "scenarios/flood-season-compound.ron";
const FLOOD_EXERCISE: &str = "scenarios/exercises/flood-info-sharing-drill.ron";

/// A seat of each other kind, at a minute when it has something of its own to show: the
/// transport bureau once its patrols have found a cut road, the flood-control HQ after the
/// consultation inject (W05) with the road states shared with the town, and the military
/// liaison with its army units after the quake.
fn seat(role: &str, lang: Lang) -> (Engine, App) {
    match role {
        "dept-transport" => {
            let mut engine = engine(COUNTY, role, lang, None, None);
            run(&mut engine, 90);
            let mut app = app(&mut engine);
            refresh(&mut app, &mut engine);
            let snapshot = app.snapshot.as_ref().unwrap();
            assert!(
                snapshot
                    .reported_roads
                    .iter()
                    .any(|r| r.1 == drillsim::sim::command::LinkState::Blocked),
                "the transport bureau knows a cut road by T+01:30"
            );
            (engine, app)
        }
        "hq-flood" => {
            let mut engine = engine(FLOOD, role, lang, Some(FLOOD_EXERCISE), None);
            run(&mut engine, 48 * 60 + 5);
            let mut app = app(&mut engine);
            type_text(&mut app, &mut engine, ":share tc-t12 roads");
            keys(&mut app, &mut engine, &[KeyCode::Enter]);
            run(&mut engine, 10);
            refresh(&mut app, &mut engine);
            (engine, app)
        }
        _ => {
            let mut engine = engine(COUNTY, role, lang, None, None);
            run(&mut engine, 90);
            let mut app = app(&mut engine);
            refresh(&mut app, &mut engine);
            (engine, app)
        }
    }
}

#[test]
fn every_seat_kind_in_both_languages_at_80x24_and_200x60() {
    for role in ["dept-transport", "hq-flood", "mil-liaison"] {
        for lang in [Lang::Zh, Lang::En] {
            let (_engine, mut app) = seat(role, lang);
            for (i, pane) in Pane::all(false).iter().enumerate() {
                app.pane = *pane;
                let text = screen(&mut app, 80, 24);
                assert!(text.starts_with(" 【演练】EXERCISE"), "marked: {text}");
                insta::assert_snapshot!(
                    format!("seat_{role}_{}_80x24_{}_{:?}", lang_name(lang), i + 1, pane),
                    text
                );
            }
            app.pane = Pane::Map;
            let text = screen(&mut app, 200, 60);
            insta::assert_snapshot!(format!("seat_{role}_{}_200x60", lang_name(lang)), text);
        }
    }
}

#[test]
fn the_msel_pane_shows_each_expected_action_whole_and_its_recipient_at_200x60() {
    let (_engine, mut app) = drill("controller", Lang::En);
    let text = screen(&mut app, 200, 60);
    let fc2 = text
        .lines()
        .find(|l| l.contains("FC2   T+00:50"))
        .expect("FC2's row");
    assert!(fc2.contains("tc-t1"), "the recipient: {fc2}");
    assert!(
        fc2.contains("…field-post v1 commander≤01:10 "),
        "the action whole: {fc2}"
    );
    // At 80×24 the recipient goes before the message, and the selected inject is shown whole.
    app.pane = Pane::Msel;
    app.selected[Pane::Msel.index()] = 1;
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("→tc-t1 We are on scene"), "{text}");
    assert!(
        text.contains("FC2 → tc-t1 · T+00:50 · sent"),
        "the selected inject in full: {text}"
    );
    assert!(
        text.contains("…field-post v1 commander ≤T+01:10 pending"),
        "{text}"
    );
}

#[test]
fn a_cut_roads_time_is_whole_beside_its_mark_and_never_written_over() {
    // 139 roads reported by T+48:15 on the flood scenario: many cuts close together.
    let (_engine, mut app) = seat("hq-flood", Lang::En);
    for (width, height) in [(200, 60), (80, 24)] {
        let text = screen(&mut app, width, height);
        let mut times = 0;
        let map_rows = text
            .lines()
            .skip_while(|l| !l.contains("Map ("))
            .skip(1)
            .take_while(|l| !l.starts_with('└'));
        for line in map_rows {
            // The map is the first pane on the row.
            let map: Vec<char> = line.chars().skip(1).take_while(|c| *c != '│').collect();
            for (i, c) in map.iter().enumerate() {
                if *c != ':' {
                    continue;
                }
                let digit = |j: usize| map.get(j).is_some_and(|c| c.is_ascii_digit());
                let whole = i >= 2 && digit(i - 2) && digit(i - 1) && digit(i + 1) && digit(i + 2);
                let beside = (i >= 3 && map[i - 3] == '#') || map.get(i + 3) == Some(&'#');
                assert!(
                    whole && beside,
                    "{width}×{height}: a time cut or away from its mark in `{}`",
                    map.iter().collect::<String>()
                );
                times += 1;
            }
        }
        assert!(times > 0, "{width}×{height}: some cut has its time\n{text}");
    }
}

#[test]
fn an_empty_pane_says_why_a_seat_sees_nothing_there() {
    let (_engine, mut app) = seat("dept-transport", Lang::En);
    app.pane = Pane::Incidents;
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("none yet: no incident has been reported or shared to this seat"),
        "{text}"
    );
    app.pane = Pane::Inbox;
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("road states are on the map"), "{text}");
    // The controller's empty tables still just say "nothing yet".
    let mut engine = engine(SMALL, "controller", Lang::En, None, None);
    let mut controller = drill_support::app(&mut engine);
    controller.pane = Pane::Incidents;
    let text = screen(&mut controller, 80, 24);
    assert!(text.contains("nothing yet"), "{text}");
}

#[test]
fn the_msel_pane_writes_triggers_in_the_drills_language() {
    let (_engine, mut app) = drill("controller", Lang::Zh);
    app.pane = Pane::Msel;
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("FC2C  未完成时"), "{text}");
    assert!(!text.contains("on miss"), "{text}");
}

#[test]
fn the_map_lists_the_ids_of_the_cut_roads_a_seat_knows() {
    // The ids an order names (`dispatch pr09 clear r008`), latest found first.
    let (_engine, mut app) = seat("dept-transport", Lang::En);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("└ blocked: r016 r002 r017 r012 r018 ─"),
        "{text}"
    );
    let text = screen(&mut app, 200, 60);
    assert!(
        text.contains("└ blocked: r016 r002 r017 r012 r018 ─"),
        "{text}"
    );
}
