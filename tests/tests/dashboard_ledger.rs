//! The dashboard on a profile that keeps a transfer ledger, in a real pseudo-terminal: an import
//! that lands while it is open reaches the screen through the watch on the ledger file.

use ftzroute_e2e::pty::{Session, SCREEN_TIMEOUT};
use ftzroute_e2e::*;
use std::fmt::Write as _;

const PROFILE: &str = r#"
as_of = 2025-10-01
[handler]
name = "Example Biologics (Suzhou) Co., Ltd."
sector = "biological-drug-manufacturing"

[[export]]
id = "trial"
kind = "personal"
subject = "trial-subject"
sensitive = true

[ledger]
path = "transfers.ledger"
"#;

fn transfers(prefix: &str, n: u32) -> String {
    let mut csv = "date,person,export,sensitive\n".to_string();
    for i in 0..n {
        writeln!(csv, "2025-09-{:02},{prefix}{i},trial,true", 2 + i % 29).unwrap();
    }
    csv
}

#[test]
fn an_import_while_the_dashboard_is_open_updates_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.toml");
    std::fs::write(&profile, PROFILE).unwrap();
    std::fs::create_dir(dir.path().join("state")).unwrap();
    let first = dir.path().join("first.csv");
    std::fs::write(&first, transfers("A", 120)).unwrap();
    let output = run(&[
        "ledger",
        "import",
        profile.to_str().unwrap(),
        first.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));

    let packs = packs_dir();
    let state = dir.path().join("state");
    let mut session = Session::ftzroute(
        &[
            profile.to_str().unwrap(),
            "--packs",
            packs.to_str().unwrap(),
        ],
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
        160,
        40,
    );
    session.wait_for(
        "120 persons counted in scenario:trial-subject",
        SCREEN_TIMEOUT,
    );

    let second = dir.path().join("second.csv");
    std::fs::write(&second, transfers("B", 180)).unwrap();
    let output = run(&[
        "ledger",
        "import",
        profile.to_str().unwrap(),
        second.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let screen = session.wait_for(
        "300 persons counted in scenario:trial-subject",
        SCREEN_TIMEOUT,
    );
    assert!(screen.contains("ledger updated"), "{screen}");
    // 300 new persons in the 30 days to as_of: 10 a day, 9,700 to go to item 14's 10,000 would
    // take 970 days, so not this year.
    assert!(screen.contains("10.0 new persons a day"), "{screen}");
    assert!(screen.contains("not this year"), "{screen}");
    session.key("q");
    assert_eq!(session.wait_exit(SCREEN_TIMEOUT), Some(0));
}
