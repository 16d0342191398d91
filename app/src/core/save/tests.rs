//! Saving edited profiles: faithful splices, refusals, and atomic replacement on disk.

use super::*;
use crate::common::atomic::WriteError;
use crate::common::dates::parse_date;
use std::fs::{self, File};

const SAMPLE: &str = "\
# Example profile: comments and layout must survive a save.
title = \"Example\"  # shown in reports
as_of = 2025-10-01

[handler]
name = \"H\"
sector = \"biological-drug-manufacturing\"

# Patients first.
[[export]]
id = \"patients\"
label = \"Patient records\"
kind = \"personal\"
subject = \"patient\"
persons   = 12_000   # counted since January
exempt_persons = 200
sensitive = true

[[export]]
id = \"reports\"
kind = \"important\"
  # indented on purpose
  notified = false # unusual on purpose

[[export]]
id = \"stats\"
kind = \"general\"
persons = 50
";

fn load(text: &str) -> Profile {
    Profile::parse(Path::new("p.toml"), text).unwrap()
}

fn export<'a>(profile: &'a mut Profile, id: &str) -> &'a mut Export {
    profile.exports.iter_mut().find(|e| e.id == id).unwrap()
}

fn render_with(text: &str, edit: impl FnOnce(&mut Profile)) -> String {
    let mut profile = load(text);
    edit(&mut profile);
    render_profile(text, &profile).unwrap()
}

#[test]
fn untouched_profile_renders_byte_identical() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    let inline = "as_of = 2025-10-01\nexport = [ { id = \"a\", kind = \"core\" } ] # x\n[handler]\nname = \"H\"\nsector = \"s\"\n";
    for text in [
        SAMPLE,
        &crlf,
        inline,
        include_str!("../../../../examples/jiangsu-cro.toml"),
        include_str!("../../../../examples/nanjing-devices.toml"),
        include_str!("../../../../examples/suzhou-biologics.toml"),
    ] {
        assert_eq!(render_with(text, |_| {}), text);
    }
}

#[test]
fn changing_persons_keeps_its_trailing_comment() {
    let text = render_with(SAMPLE, |p| export(p, "patients").persons = Some(15_000));
    assert_eq!(
        text,
        SAMPLE.replace("12_000   # counted", "15000   # counted")
    );
}

#[test]
fn flipping_an_absent_flag_inserts_it_at_the_end_of_its_export() {
    let text = render_with(SAMPLE, |p| {
        export(p, "reports").export_controlled = true;
        export(p, "patients").serious_harm = true;
        export(p, "patients").hgr_cleared = true;
    });
    let expected = SAMPLE
        .replace(
            "sensitive = true\n",
            "sensitive = true\nserious_harm = true\nhgr_cleared = true\n",
        )
        .replace(
            "  notified = false # unusual on purpose\n",
            "  notified = false # unusual on purpose\n  export_controlled = true\n",
        );
    assert_eq!(text, expected);
}

#[test]
fn exempt_persons_goes_after_persons_and_persons_after_the_rest() {
    let without = SAMPLE.replace("exempt_persons = 200\n", "");
    let text = render_with(&without, |p| export(p, "patients").exempt_persons = 5);
    assert_eq!(
        text,
        SAMPLE.replace("exempt_persons = 200", "exempt_persons = 5")
    );

    let text = render_with(SAMPLE, |p| {
        let reports = export(p, "reports");
        reports.persons = Some(7);
        reports.exempt_persons = 2;
    });
    assert_eq!(
        text,
        SAMPLE.replace(
            "# unusual on purpose\n",
            "# unusual on purpose\n  persons = 7\n  exempt_persons = 2\n"
        )
    );
}

#[test]
fn a_default_value_where_the_key_exists_keeps_the_key() {
    let text = render_with(SAMPLE, |p| {
        export(p, "reports").notified = true;
        let patients = export(p, "patients");
        patients.sensitive = false;
        patients.exempt_persons = 0;
    });
    let expected = SAMPLE
        .replace("notified = false # unusual", "notified = true # unusual")
        .replace("sensitive = true", "sensitive = false")
        .replace("exempt_persons = 200", "exempt_persons = 0");
    assert_eq!(text, expected);
}

#[test]
fn clearing_persons_removes_its_line() {
    let text = render_with(SAMPLE, |p| export(p, "stats").persons = None);
    assert_eq!(text, SAMPLE.replace("persons = 50\n", ""));
    let inline = "as_of = 2025-10-01\nexport = [{ persons = 5, id = \"a\", kind = \"core\" }, {id=\"b\",kind=\"core\",persons=1}]\n[handler]\nname = \"H\"\nsector = \"s\"\n";
    let text = render_with(inline, |p| {
        p.exports[0].persons = None;
        p.exports[1].persons = None;
    });
    assert_eq!(
        text,
        inline
            .replace("persons = 5, ", "")
            .replace(",persons=1", "")
    );
}

#[test]
fn as_of_is_replaced_or_added() {
    let date = parse_date("2026-01-15").unwrap();
    let text = render_with(SAMPLE, |p| p.as_of = date);
    assert_eq!(text, SAMPLE.replace("2025-10-01", "2026-01-15"));

    let without = SAMPLE.replace("as_of = 2025-10-01\n", "");
    let text = render_with(&without, |p| p.as_of = date);
    assert_eq!(text, SAMPLE.replace("2025-10-01", "2026-01-15"));

    let bare = without.replace("title = \"Example\"  # shown in reports\n", "");
    let text = render_with(&bare, |p| p.as_of = date);
    assert_eq!(
        text,
        bare.replace(
            "save.\n\n[handler]",
            "save.\n\nas_of = 2026-01-15\n\n[handler]"
        )
    );
    let text = render_with("[handler]\nname = \"H\"\nsector = \"s\"\n", |p| {
        p.as_of = date
    });
    assert_eq!(
        text,
        "as_of = 2026-01-15\n\n[handler]\nname = \"H\"\nsector = \"s\"\n"
    );
}

#[test]
fn an_absent_as_of_at_today_stays_absent() {
    let without = SAMPLE.replace("as_of = 2025-10-01\n", "");
    // Loading fills in today, which is what "absent" means.
    assert_eq!(render_with(&without, |_| {}), without);
}

#[test]
fn comments_blank_lines_and_line_endings_survive_edits() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    let text = render_with(&crlf, |p| {
        p.as_of = parse_date("2025-12-31").unwrap();
        let patients = export(p, "patients");
        patients.persons = Some(9_999);
        patients.name_and_contact = true;
        export(p, "reports").notified = true;
        export(p, "stats").hgr_cleared = true;
    });
    let kept = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.trim().is_empty() || l.contains('#'))
            .map(|l| {
                l.split_once('#')
                    .map_or("", |(_, comment)| comment)
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(kept(&text), kept(&crlf));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert_eq!(text.lines().count(), crlf.lines().count() + 2);
    assert!(text.contains("name_and_contact = true\r\n"), "{text}");
    assert!(
        text.ends_with("persons = 50\r\nhgr_cleared = true\r\n"),
        "{text}"
    );
}

#[test]
fn inline_exports_are_edited_in_place() {
    let inline = "as_of = 2025-10-01\nexport = [ { id = \"a\", kind = \"personal\", persons = 3 } ]\n[handler]\nname = \"H\"\nsector = \"s\"\n";
    let text = render_with(inline, |p| {
        p.exports[0].sensitive = true;
        p.exports[0].exempt_persons = 1;
    });
    assert_eq!(
        text,
        inline.replace(
            "persons = 3 }",
            "persons = 3, exempt_persons = 1, sensitive = true }"
        )
    );
}

#[test]
fn an_export_missing_from_the_file_is_an_error() {
    let mut profile = load(SAMPLE);
    profile.exports[1].id = "ghost".into();
    let error = render_profile(SAMPLE, &profile).unwrap_err();
    assert!(
        matches!(&error, SaveError::ExportNotInFile { id, .. } if id == "ghost"),
        "{error}"
    );
    assert!(error.to_string().contains("reload"), "{error}");
}

#[test]
fn edits_the_loader_would_refuse_are_errors() {
    let mut profile = load(SAMPLE);
    export(&mut profile, "patients").exempt_persons = 20_000;
    let error = render_profile(SAMPLE, &profile).unwrap_err();
    assert!(matches!(error, SaveError::Invalid { .. }), "{error}");
    assert!(error.to_string().contains("exempt_persons"), "{error}");

    export(&mut profile, "patients").persons = Some(u64::MAX);
    let error = render_profile(SAMPLE, &profile).unwrap_err();
    assert!(matches!(error, SaveError::TooLarge { .. }), "{error}");
}

#[test]
fn rendered_text_loads_back_as_the_edited_profile() {
    let mut profile = load(SAMPLE);
    profile.as_of = parse_date("2024-02-29").unwrap();
    for export in &mut profile.exports {
        export.sensitive = !export.sensitive;
        export.serious_harm = !export.serious_harm;
        export.name_and_contact = !export.name_and_contact;
        export.notified = !export.notified;
        export.hgr_cleared = !export.hgr_cleared;
        export.export_controlled = !export.export_controlled;
    }
    export(&mut profile, "patients").persons = Some(1);
    export(&mut profile, "patients").exempt_persons = 1;
    export(&mut profile, "reports").persons = Some(40);
    export(&mut profile, "stats").persons = None;
    let text = render_profile(SAMPLE, &profile).unwrap();
    assert_eq!(load(&text), profile, "{text}");
    // A second save of the same values changes nothing more.
    assert_eq!(render_profile(&text, &profile).unwrap(), text);
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn write_keeps_a_backup_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    write_atomically(&path, "first\n").unwrap();
    assert_eq!(names_in(dir.path()), ["profile.toml"]);
    write_atomically(&path, "second\n").unwrap();
    write_atomically(&path, "third\n").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "third\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("profile.toml.bak")).unwrap(),
        "second\n"
    );
    assert_eq!(names_in(dir.path()), ["profile.toml", "profile.toml.bak"]);
}

#[test]
fn save_profile_writes_the_rendered_text_and_names_the_file_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    fs::write(&path, SAMPLE).unwrap();
    let mut profile = load(SAMPLE);
    export(&mut profile, "stats").hgr_cleared = true;
    let text = save_profile(&path, SAMPLE, &profile).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert_eq!(
        fs::read_to_string(dir.path().join("p.toml.bak")).unwrap(),
        SAMPLE
    );

    // Saving over a file that changed meanwhile is the caller's call; the backup keeps it.
    export(&mut profile, "stats").hgr_cleared = false;
    assert_eq!(save_profile(&path, SAMPLE, &profile).unwrap(), SAMPLE);
    assert_eq!(
        fs::read_to_string(dir.path().join("p.toml.bak")).unwrap(),
        text
    );

    let error = save_profile(&path, &text, &{
        let mut p = profile.clone();
        p.exports[0].id = "ghost".into();
        p
    })
    .unwrap_err();
    assert!(
        error.to_string().starts_with(&path.display().to_string()),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn write_keeps_permissions_and_follows_symbolic_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.toml");
    fs::write(&real, "old\n").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_atomically(&link, "new\n").unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("real.toml.bak")).unwrap(),
        "old\n"
    );
    for name in ["real.toml", "real.toml.bak"] {
        let mode = fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
}

#[test]
fn a_read_only_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    fs::write(&path, "old\n").unwrap();
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let error = write_atomically(&path, "new\n").unwrap_err();
    assert!(matches!(error, WriteError::ReadOnly { .. }), "{error}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_fails_and_leaves_the_file_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    fs::write(&path, "old\n").unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
    // A superuser writes regardless of permissions, so there is nothing to check then.
    let probe = dir.path().join("probe");
    let privileged = File::create(&probe).is_ok();
    let result = (!privileged).then(|| write_atomically(&path, "new\n"));
    let _ = fs::remove_file(&probe);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let Some(result) = result else {
        eprintln!("skipped: permissions are not enforced for this user");
        return;
    };
    let error = result.unwrap_err();
    assert!(matches!(error, WriteError::Write { .. }), "{error}");
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
    assert_eq!(names_in(dir.path()), ["p.toml"]);
}
