//! `drillsim seats`: the seats of a scenario's organisation — who may order what, over which
//! forces, and what each sees — as a table grouped by kind, or JSON for tools.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::error::Failure;
use crate::sim::command::{Seat, authority::Reach, seats};

#[derive(Debug, clap::Args)]
pub struct SeatsArgs {
    /// The scenario file (starts with `Scenario(`).
    pub scenario: PathBuf,
    /// Print the seats as JSON (one array; every field of every seat).
    #[arg(long)]
    pub json: bool,
    /// Language of the table: zh or en.
    #[arg(long, value_parser = ["zh", "en"], default_value = "en")]
    pub lang: String,
}

/// Runs `drillsim seats`.
pub(super) fn seats_command(args: SeatsArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let scenario = match crate::scenario::load(&args.scenario, None) {
        Ok(loaded) => {
            if !loaded.warnings.is_empty() {
                eprint!("{}", loaded.warnings);
            }
            loaded.scenario
        }
        Err(diagnostics) => {
            return Err(Failure::Input(format!(
                "{diagnostics}{} error(s): {} has no seats to list\n",
                diagnostics.error_count(),
                args.scenario.display()
            )));
        }
    };
    let list = seats(&scenario);
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        out.write_all(table(&list, args.lang == "zh").as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a seat's kind comes in the table: HQs from the nation down, departments, towns, villages, the other
/// coordination seats, then the exercise staff.
fn rank(seat: &Seat) -> (u8, usize, String) {
    let kind = seat.kind.as_str();
    let rank = match kind {
        "NationalHq" => 0,
        "ProvincialHq" => 1,
        "PrefectureHq" => 2,
        "CountyHq" => 3,
        "DeputyHq" => 4,
        "EarthquakeHq" | "FloodDroughtHq" | "ForestFireHq" | "GeologicalHq" => 5,
        k if k.starts_with("Department") => 6,
        "TownCommand" => 7,
        "VillageCommand" => 8,
        "FieldPost" => 9,
        "MilitaryLiaison" => 10,
        "NeighbourCounty" => 11,
        "Enterprise" => 12,
        "controller" => 13,
        _ => 14,
    };
    // Departments in the order of their desks; each kind's seats in the organisation's order.
    let desk = crate::scenario::Desk::ALL
        .iter()
        .position(|d| format!("Department({d:?})") == kind)
        .unwrap_or(0);
    (rank, desk, kind.into())
}

/// The table: one block per kind (its label, what it may order, what it sees), one line per
/// seat (id, name, parent, forces, the other names `--role` takes).
fn table(list: &[Seat], zh: bool) -> String {
    let mut order: Vec<&Seat> = list.iter().collect();
    order.sort_by_key(|s| rank(s));
    let id_width = list.iter().map(|s| s.id.width()).max().unwrap_or(0);
    let name_width = list.iter().map(|s| s.name.width()).max().unwrap_or(0);
    let mut text = String::new();
    let mut shown_kind: Option<&str> = None;
    for seat in order {
        if shown_kind != Some(seat.kind.as_str()) {
            shown_kind = Some(seat.kind.as_str());
            let count = list.iter().filter(|s| s.kind == seat.kind).count();
            let (label, sees) = if zh {
                (seat.kind_zh, seat.sees_zh)
            } else {
                (seat.kind_en, seat.sees_en)
            };
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!("{label} ({}, {count})\n", seat.kind));
            let (orders, sees_word) = if zh {
                ("可下令", "掌握")
            } else {
                ("may order", "sees")
            };
            text.push_str(&format!("  {orders}: {}\n", may_order(seat, zh)));
            text.push_str(&format!("  {sees_word}: {sees}\n"));
        }
        let pad = |s: &str, width: usize| format!("{s}{}", " ".repeat(width - s.width()));
        let mut line = format!(
            "    {}  {}",
            pad(&seat.id, id_width),
            pad(&seat.name, name_width)
        );
        if let Some(parent) = &seat.parent {
            line.push_str(&if zh {
                format!("  上级 {parent}")
            } else {
                format!("  under {parent}")
            });
        }
        if !seat.forces.is_empty() && seat.verbs.iter().all(|v| v.reach != "all") {
            let label = if zh { "队伍" } else { "forces" };
            line.push_str(&format!("  {label}: {}", seat.forces.join(", ")));
        }
        if !seat.aliases.is_empty() {
            line.push_str(&format!("  (--role {})", seat.aliases.join(", ")));
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.push_str(if zh {
        "\n除评估人员外，每个席位还可报送信息：share 席位 内容（共享）、sizeup/sitrep 地点（本席位指挥的地点的现场评估与情况报告），\n并可用 request 命令 向有权下达的席位请求超出本席位权限的命令。\n"
    } else {
        "\nEvery seat but the evaluator also sends information — share SEAT WHAT, sizeup/sitrep PLACE (at places\nunder its command) — and asks the seat that holds an order beyond it with request ORDER.\n"
    });
    text
}

/// What a seat may order: its verbs grouped by how far they reach.
fn may_order(seat: &Seat, zh: bool) -> String {
    if seat.verbs.is_empty() {
        return if zh {
            "无（不下令）".into()
        } else {
            "nothing (gives no orders)".into()
        };
    }
    let reaches = [
        Reach::All,
        Reach::OwnTeams,
        Reach::TownPlaces,
        Reach::OwnPlace,
        Reach::MilitaryOnly,
    ];
    let mut parts = Vec::new();
    for reach in reaches {
        let verbs: Vec<&str> = seat
            .verbs
            .iter()
            .filter(|v| v.reach == reach.word())
            .map(|v| v.verb)
            .collect();
        if verbs.is_empty() {
            continue;
        }
        let (label_zh, label_en) = reach.labels();
        let label = if zh { label_zh } else { label_en };
        let verbs = verbs.join(", ");
        parts.push(if reach == Reach::MilitaryOnly {
            format!("{verbs} ({label})")
        } else {
            format!("{verbs} — {label}")
        });
    }
    parts.join("; ")
}
