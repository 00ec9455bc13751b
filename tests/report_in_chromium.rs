//! The HTML report renders in a real browser (headless Chromium): its charts are there, it needs
//! no network, and it draws.

use std::path::PathBuf;
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let found = Command::new("sh")
                .args(["-c", &format!("command -v {name}")])
                .output()
                .ok()?;
            found
                .status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
        })
}

fn headless(browser: &PathBuf, profile: &std::path::Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        &format!("--user-data-dir={}", profile.display()),
    ]);
    command
}

#[test]
fn the_comparison_report_renders_with_its_charts() {
    let Some(browser) = chromium() else {
        // scripts/test installs Chromium; CI runs that. Anywhere else, say why nothing ran.
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI"
        );
        eprintln!("skipped: chromium not installed (scripts/test installs it)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("drillsim-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("compare.html");
    let output = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args([
            "compare",
            "scenarios/small-town.ron",
            "--plan",
            "scenarios/plans/county-default.ron",
            "--plan",
            "scenarios/plans/do-nothing.ron",
            "--runs",
            "20",
            "--report",
            report.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the report must not fetch anything"
    );
    assert!(!html.contains("<script"), "the report needs no scripts");

    let profile = dir.join("profile");
    let dom = headless(&browser, &profile)
        .args(["--dump-dom", &format!("file://{}", report.display())])
        .output()
        .unwrap();
    assert!(dom.status.success());
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("<svg class=\"chart forest\""),
        "no comparison chart"
    );
    assert!(
        dom.contains("<svg class=\"chart curves\""),
        "no curve chart"
    );
    assert!(
        dom.matches("<svg class=\"chart histogram\"").count() >= 10,
        "too few distributions"
    );
    assert!(
        dom.contains("class=\"interval\""),
        "no confidence intervals drawn"
    );
    assert!(dom.contains("do-nothing is worse"), "no verdict");

    let png = dir.join("compare.png");
    let shot = headless(&browser, &profile)
        .args([
            "--window-size=1280,2000",
            &format!("--screenshot={}", png.display()),
            &format!("file://{}", report.display()),
        ])
        .output()
        .unwrap();
    assert!(shot.status.success());
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    assert!(
        bytes.len() > 50_000,
        "the screenshot is nearly empty ({} bytes)",
        bytes.len()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_after_action_report_renders_its_charts_and_filters_the_timeline() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI"
        );
        eprintln!("skipped: chromium not installed (scripts/test installs it)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("drillsim-aar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("aar.html");
    let output = Command::new(env!("CARGO_BIN_EXE_drillsim"))
        .args([
            "replay",
            "tests/golden/drill/small-town-field-commander.jsonl",
            "--report",
            report.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the report must not fetch anything"
    );
    // What a reader does: one click on "decisions".
    let clicked = dir.join("clicked.html");
    std::fs::write(
        &clicked,
        html.replace(
            "</body>",
            "<script>document.querySelector('button[data-filter=decision]').click();</script></body>",
        ),
    )
    .unwrap();
    let profile = dir.join("profile");
    let dom = headless(&browser, &profile)
        .args(["--dump-dom", &format!("file://{}", clicked.display())])
        .output()
        .unwrap();
    assert!(dom.status.success());
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in ["trapped", "level", "teams", "lag"] {
        assert!(dom.contains(&format!("id=\"chart-{id}\"")), "no {id} chart");
    }
    let shown = dom.matches("<tr data-kind=\"decision\">").count();
    let hidden = dom.matches("\" hidden=\"\">").count();
    assert!(shown >= 9, "decisions shown: {shown}");
    assert_eq!(
        hidden,
        html.matches("<tr data-kind=").count() - shown,
        "every other row hidden"
    );
    assert!(dom.contains("<button type=\"button\" data-filter=\"decision\" class=\"on\">"));

    let png = dir.join("aar.png");
    let shot = headless(&browser, &profile)
        .args([
            "--window-size=1400,2400",
            &format!("--screenshot={}", png.display()),
            &format!("file://{}", report.display()),
        ])
        .output()
        .unwrap();
    assert!(shot.status.success());
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    assert!(
        bytes.len() > 50_000,
        "the screenshot is nearly empty ({} bytes)",
        bytes.len()
    );
    std::fs::remove_dir_all(&dir).ok();
}
