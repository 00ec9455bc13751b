//! End to end in a real terminal (tmux): start `drillsim drill` on the small scenario, type a
//! dispatch order, quit, then replay the journal and check the after-action report; and kill -9
//! during a drill, resume it, and find nothing lost.
//!
//! Skipped, with a message, only when tmux is missing and `CI` is not set (scripts/test installs
//! tmux; on CI a missing tmux fails the test).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_drillsim");

fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required on CI (scripts/test installs it)"
        );
        eprintln!(
            "skipping the tmux end-to-end test: tmux is not installed (apt-get install tmux)"
        );
    }
    found
}

struct Session {
    name: String,
    socket: PathBuf,
}

impl Session {
    fn start(name: &str, dir: &Path, command: &str) -> Session {
        let socket = dir.join(format!("{name}.sock"));
        let session = Session {
            name: name.into(),
            socket,
        };
        let status = session
            .tmux()
            .args(["new-session", "-d", "-s", name, "-x", "100", "-y", "30"])
            .arg(format!(
                "cd {} && {command}; sleep 60",
                std::env::current_dir().unwrap().display()
            ))
            .status()
            .unwrap();
        assert!(status.success());
        session
    }

    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(&self.socket).env_remove("TMUX");
        c
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let status = self
                .tmux()
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .unwrap();
            assert!(status.success());
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn literal(&self, text: &str) {
        self.tmux()
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }

    fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for `{needle}`; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn pid(&self) -> u32 {
        let out = self
            .tmux()
            .args(["list-panes", "-t", &self.name, "-F", "#{pane_pid}"])
            .output()
            .unwrap();
        let shell: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        let out = Command::new("pgrep")
            .args(["-P", &shell.to_string(), "-f", "drillsim"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.tmux().args(["kill-server"]).status();
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("drillsim-tmux-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_commander_dispatches_quits_and_the_replay_reports_it() {
    if !tmux_available() {
        return;
    }
    let dir = temp("dispatch");
    let journal = dir.join("drill.jsonl");
    let session = Session::start(
        "dispatch",
        &dir,
        &format!(
            "{BIN} drill scenarios/small-town.ron --role county-commander --lang en --journal {}",
            journal.display()
        ),
    );
    session.wait_for("【演练】EXERCISE");
    session.keys(&["]", "Space"]);
    session.wait_for("T+00:2");
    session.keys(&[":"]);
    session.literal("dispatch fire-c");
    session.keys(&["Tab"]);
    session.literal("to v1");
    session.keys(&["Enter"]);
    session.wait_for("given: dispatch fire-county to v1");
    session.keys(&["q"]);
    let screen = session.wait_for("drill ended at");
    assert!(screen.contains("after-action report"), "{screen}");
    let out = Command::new(BIN)
        .arg("replay")
        .arg(&journal)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(dir.join("drill.aar.md")).unwrap();
    assert!(
        md.contains("county-commander: dispatch fire-county to v1"),
        "{md}"
    );
    assert!(md.starts_with("# 【演练】EXERCISE"));
}

#[test]
fn kill_9_then_resume_loses_nothing_and_replays_the_same_twice() {
    if !tmux_available() {
        return;
    }
    let dir = temp("kill");
    let journal = dir.join("drill.jsonl");
    let session = Session::start(
        "kill",
        &dir,
        &format!(
            "{BIN} drill scenarios/small-town.ron --role controller --lang zh --exercise scenarios/exercises/small-town-field-commander-drill.ron --journal {}",
            journal.display()
        ),
    );
    session.wait_for("【演练】EXERCISE");
    session.keys(&[".", "."]);
    session.keys(&[":"]);
    session.literal("declare level II");
    session.keys(&["Enter"]);
    session.wait_for("已下达");
    session.keys(&[":"]);
    session.literal("rate F1 M no post yet");
    session.keys(&["Enter"]);
    session.wait_for("F1: M");
    let pid = session.pid();
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(300));
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(
        text.contains("\"declare level II\"") && text.contains("no post yet"),
        "{text}"
    );
    drop(session);

    let session = Session::start(
        "resume",
        &dir,
        &format!("{BIN} drill --resume {}", journal.display()),
    );
    let screen = session.wait_for("T+00:02");
    assert!(
        screen.contains("F1") || screen.contains("【演练】"),
        "{screen}"
    );
    session.keys(&[":"]);
    session.literal("dispatch fire-town to v1");
    session.keys(&["Enter"]);
    session.wait_for("已下达");
    session.keys(&["q"]);
    session.wait_for("drill ended at");
    let a = dir.join("a.md");
    let b = dir.join("b.md");
    for report in [&a, &b] {
        let out = Command::new(BIN)
            .arg("replay")
            .arg(&journal)
            .arg("--report")
            .arg(report)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let first = std::fs::read_to_string(&a).unwrap();
    assert_eq!(first, std::fs::read_to_string(&b).unwrap());
    for wanted in [
        "declare level II",
        "F1",
        "no post yet",
        "dispatch fire-town to v1",
    ] {
        assert!(first.contains(wanted), "`{wanted}` lost:\n{first}");
    }
}

#[test]
fn an_order_the_journal_cannot_take_is_not_acted_on() {
    if !tmux_available() {
        return;
    }
    let has_prlimit = Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_prlimit {
        eprintln!("skipping: prlimit (util-linux) is not installed");
        return;
    }
    let dir = temp("full");
    let journal = dir.join("drill.jsonl");
    // The journal may grow to LIMIT bytes (a quota, a full disk); the header and a few speed
    // changes fit, the order does not.
    const LIMIT: u64 = 3000;
    let order = drillsim::drill::journal::Entry {
        t: 0,
        kind: drillsim::drill::journal::EntryKind::Order {
            text: "declare level I".into(),
            by: "county-commander".into(),
        },
    };
    let order_line = serde_json::to_string(&order).unwrap().len() as u64 + 76;
    let session = Session::start(
        "full",
        &dir,
        &format!(
            "prlimit --fsize={LIMIT} {BIN} drill scenarios/small-town.ron --role county-commander --lang en --journal {}",
            journal.display()
        ),
    );
    session.wait_for("【演练】EXERCISE");
    let size = || std::fs::metadata(&journal).map_or(0, |m| m.len());
    let mut faster = true;
    while LIMIT - size() >= order_line {
        let before = size();
        session.keys(&[if faster { "]" } else { "[" }]);
        faster = !faster;
        let start = Instant::now();
        while size() == before {
            assert!(start.elapsed() < Duration::from_secs(10), "no speed entry");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    session.keys(&[":"]);
    session.literal("declare level I");
    session.keys(&["Enter"]);
    let screen = session.wait_for("not done: the journal could not be written");
    assert!(!screen.contains("given: declare level I"), "{screen}");
    // One minute on, the simulation has still not seen the order.
    session.keys(&["."]);
    let screen = session.wait_for("T+00:01");
    assert!(
        screen.contains("level none"),
        "the status bar shows no level: {screen}"
    );
    session.keys(&["q"]);
    std::thread::sleep(Duration::from_millis(500));
    drop(session);
    // Whole lines only, none of them the order; the replay has no such order either.
    let text = std::fs::read_to_string(&journal).unwrap();
    assert!(
        text.ends_with("}\n") && !text.contains("declare level"),
        "{text}"
    );
    let read = drillsim::drill::journal::read(&journal).unwrap();
    assert_eq!(read.torn, None);
    let report = dir.join("r.md");
    let out = Command::new(BIN)
        .arg("replay")
        .arg(&journal)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(&report).unwrap();
    assert!(!md.contains("county-commander: declare level I"), "{md}");
}
