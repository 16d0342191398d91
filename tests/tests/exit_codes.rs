//! Every command's failures end with the exit code the README's table gives their kind: each
//! case below names the words of the README's meaning for the code it expects, so a case whose
//! code the README does not describe that way fails here.

use ftzroute_e2e::*;
use std::collections::BTreeMap;

/// The README's exit codes: code → what it says the code means.
fn documented_codes() -> BTreeMap<i32, String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let table = readme
        .split("Exit codes: ")
        .nth(1)
        .and_then(|rest| rest.split("Every error is one message").next())
        .expect("the README has its exit codes");
    table
        .split("; `")
        .map(|entry| entry.trim_start_matches('`'))
        .filter_map(|entry| {
            let (code, meaning) = entry.split_once("` ")?;
            Some((code.parse().ok()?, meaning.replace('\n', " ")))
        })
        .collect()
}

/// A failure, the code it must end with, and words of the README's meaning of that code.
struct Case {
    what: &'static str,
    args: Vec<String>,
    code: i32,
    documented_as: &'static str,
}

#[test]
fn each_commands_failures_end_with_the_code_the_readme_gives_them() {
    let codes = documented_codes();
    assert_eq!(
        codes.keys().copied().collect::<Vec<_>>(),
        (0..=6).collect::<Vec<_>>(),
        "the README documents codes 0 to 6: {codes:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let packs = packs_dir().display().to_string();
    let profile = example("suzhou-biologics.toml");
    std::fs::write(path("bad.toml"), "title = \n").unwrap();
    std::fs::create_dir(path("no-packs")).unwrap();
    // A ledger path that is a directory.
    let ledger_profile = std::fs::read_to_string(example("suzhou-biologics-ledger.toml"))
        .unwrap()
        .lines()
        .map(|line| {
            if line.starts_with("path = ") {
                "path = \"a-directory\"".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(path("ledger.toml"), ledger_profile).unwrap();
    std::fs::create_dir(path("a-directory")).unwrap();
    // A golden case that expects what the pack does not decide.
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    std::fs::write(
        cases.join("wrong.toml"),
        "description = \"expects the wrong route\"\n[profile]\nas_of = 2025-10-01\n\
         [profile.handler]\nname = \"H\"\nsector = \"automotive\"\nciio = false\n\
         [[profile.export]]\nid = \"staff\"\nkind = \"personal\"\nsubject = \"other\"\n\
         sensitive = true\npersons = 20000\n[[expect]]\nexport = \"staff\"\nroute = \"exempt\"\nbasis = \"none\"\n",
    )
    .unwrap();
    // A golden case that is not one (its expectation lacks the basis).
    let broken = dir.path().join("broken-cases");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(
        broken.join("broken.toml"),
        std::fs::read_to_string(cases.join("wrong.toml"))
            .unwrap()
            .replace("basis = \"none\"\n", ""),
    )
    .unwrap();
    let national = packs_dir().join(library_file_name("national_cbdf_2024"));
    let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let cases = [
        Case {
            what: "eval of a profile that does not parse",
            args: args(&["eval", &path("bad.toml"), "--packs", &packs]),
            code: 2,
            documented_as: "unusable input (profile",
        },
        Case {
            what: "plan of a profile that is not there",
            args: args(&["plan", &path("missing.toml"), "--packs", &packs]),
            code: 2,
            documented_as: "unusable input (profile",
        },
        Case {
            what: "eval of an unknown zone",
            args: args(&["eval", &profile, "--zone", "nowhere", "--packs", &packs]),
            code: 2,
            documented_as: "unknown zone",
        },
        Case {
            what: "a pack deadline out of range",
            args: args(&["eval", &profile, "--pack-timeout", "0", "--packs", &packs]),
            code: 2,
            documented_as: "a number out of range",
        },
        Case {
            what: "ledger counts with a directory for a ledger",
            args: args(&["ledger", "counts", &path("ledger.toml"), "--packs", &packs]),
            code: 2,
            documented_as: "a ledger path that is not a ledger file",
        },
        Case {
            what: "eval with none of the zones' packs",
            args: args(&["eval", &profile, "--packs", &path("no-packs")]),
            code: 3,
            documented_as: "a pack could not be loaded or failed",
        },
        Case {
            what: "a memo into a directory that is not there",
            args: args(&[
                "memo",
                &profile,
                "-o",
                &path("none/memo.md"),
                "--packs",
                &packs,
            ]),
            code: 1,
            documented_as: "another failure to read or write",
        },
        Case {
            what: "pack test with a failing golden case",
            args: args(&[
                "pack",
                "test",
                national.to_str().unwrap(),
                "--cases",
                cases.to_str().unwrap(),
            ]),
            code: 1,
            documented_as: "golden cases failed",
        },
        Case {
            what: "pack test with a case file that is not a case",
            args: args(&[
                "pack",
                "test",
                national.to_str().unwrap(),
                "--cases",
                broken.to_str().unwrap(),
            ]),
            code: 2,
            documented_as: "case file",
        },
        Case {
            what: "eval that succeeds",
            args: args(&["eval", &profile, "--packs", &packs]),
            code: 0,
            documented_as: "success",
        },
    ];
    for case in cases {
        let meaning = &codes[&case.code];
        assert!(
            meaning.contains(case.documented_as),
            "{}: the README's code {} means `{meaning}`, not `{}`",
            case.what,
            case.code,
            case.documented_as
        );
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let output = run(&args);
        assert_eq!(
            output.status.code(),
            Some(case.code),
            "{}: {}",
            case.what,
            stderr(&output)
        );
        if case.code != 0 {
            assert!(
                !stderr(&output).trim().is_empty(),
                "{}: says why",
                case.what
            );
        }
    }
}
