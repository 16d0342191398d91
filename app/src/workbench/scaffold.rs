//! `ftzroute pack new`: scaffolds a pack crate for a new list edition.
//!
//! The crate it writes builds, loads and passes its one golden case straight away, so an author
//! starts from a green `pack test` and replaces placeholders (each marked TODO, which `pack check`
//! reports) one by one.

use crate::common::failure::Failure;
use crate::common::input::InputError;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct PackNewArgs {
    /// Pack name without the edition, e.g. `shanghai-pharma`.
    pub name: String,
    /// Zone the pack's list belongs to, e.g. `shanghai`.
    #[arg(long)]
    pub zone: String,
    /// Edition, e.g. `2026`; the pack is created as packs/NAME-EDITION.
    #[arg(long)]
    pub edition: String,
    /// Workspace root (default: the workspace containing the current directory).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

/// What `pack new` created, for its report and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffolded {
    pub workspace: PathBuf,
    /// `packs/NAME-EDITION`, relative to the workspace root.
    pub member: String,
    pub pack_id: String,
    /// Files written, relative to the workspace root.
    pub files: Vec<String>,
    /// False when a `members` glob already covered the new crate.
    pub member_added: bool,
}

pub fn command(args: &PackNewArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let workspace = match &args.workspace {
        Some(dir) => {
            let manifest = dir.join("Cargo.toml");
            if !is_workspace_manifest(&manifest)? {
                return Err(Failure::Usage(format!(
                    "--workspace {}: no Cargo.toml with a [workspace] table there",
                    dir.display()
                )));
            }
            dir.clone()
        }
        None => {
            let here = std::env::current_dir()
                .map_err(|e| Failure::Usage(format!("cannot read the current directory: {e}")))?;
            find_workspace(&here)?.ok_or_else(|| {
                Failure::Usage(format!(
                    "no Cargo workspace found: neither {} nor a parent directory has a Cargo.toml \
                     with a [workspace] table; pass --workspace DIR",
                    here.display()
                ))
            })?
        }
    };
    let made = scaffold(&workspace, &args.name, &args.zone, &args.edition)?;
    report(&made, out)?;
    Ok(())
}

/// Checks the arguments, writes `packs/NAME-EDITION` and adds it to the workspace members.
/// Nothing is written when any check fails.
pub fn scaffold(
    workspace: &Path,
    name: &str,
    zone: &str,
    edition: &str,
) -> Result<Scaffolded, Failure> {
    check_slug("NAME", name, true, "shanghai-pharma")?;
    check_slug("--edition", edition, false, "2026")?;
    check_slug("--zone", zone, false, "shanghai")?;
    let pack_id = format!("{name}-{edition}");
    let member = format!("packs/{pack_id}");
    let dir = workspace.join(&member);
    if dir.exists() {
        return Err(Failure::Usage(format!(
            "{} already exists; choose another name or edition, or remove it first",
            dir.display()
        )));
    }
    let manifest_path = workspace.join("Cargo.toml");
    let manifest_text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        InputError::new(
            &manifest_path,
            format!("cannot read the workspace manifest: {e}"),
        )
    })?;
    let mut manifest: toml_edit::DocumentMut = manifest_text
        .parse()
        .map_err(|e| InputError::new(&manifest_path, format!("not a readable Cargo.toml: {e}")))?;
    let inherited = inherited_package_keys(&manifest);
    if !has_plugin_api_dependency(&manifest) {
        return Err(Failure::Usage(format!(
            "{}: [workspace.dependencies] has no `ftzroute-plugin-api`; add \
             ftzroute-plugin-api = {{ path = \"...\" }} so that packs build against one plugin API",
            manifest_path.display()
        )));
    }
    let member_added = add_member(&mut manifest, &member)
        .map_err(|message| InputError::new(&manifest_path, message).field("workspace.members"))?;

    let template = Template::new(&pack_id, zone, edition, &inherited);
    let files = [
        ("Cargo.toml", template.cargo_toml()),
        ("src/lib.rs", template.lib_rs()),
        ("cases/example.toml", template.case()),
        ("README.md", template.readme()),
    ];
    let written = write_pack(&dir, &files).and_then(|()| {
        if member_added {
            replace_file(&manifest_path, &manifest.to_string())
        } else {
            Ok(())
        }
    });
    if let Err(error) = written {
        // Leave nothing half made: the directory did not exist before.
        let _ = std::fs::remove_dir_all(&dir);
        return Err(Failure::Runtime(format!(
            "cannot create {}: {error}",
            dir.display()
        )));
    }
    Ok(Scaffolded {
        workspace: workspace.to_path_buf(),
        member: member.clone(),
        pack_id,
        files: files
            .iter()
            .map(|(file, _)| format!("{member}/{file}"))
            .collect(),
        member_added,
    })
}

fn report(made: &Scaffolded, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "created pack {} in {}:",
        made.pack_id,
        made.workspace.display()
    )?;
    for file in &made.files {
        writeln!(out, "  {file}")?;
    }
    if made.member_added {
        writeln!(out, "added \"{}\" to the workspace members", made.member)?;
    } else {
        writeln!(
            out,
            "\"{}\" is already a workspace member (members glob)",
            made.member
        )?;
    }
    let library = format!(
        "target/debug/{}{}{}",
        std::env::consts::DLL_PREFIX,
        made.pack_id.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    );
    writeln!(out)?;
    writeln!(out, "next, from the workspace root:")?;
    writeln!(out, "  cargo build -p {}", made.pack_id)?;
    writeln!(out, "  ftzroute pack test {library}")?;
    writeln!(out, "  ftzroute pack check {library}")?;
    writeln!(
        out,
        "then replace every TODO (pack check lists those left) and add a case at n - 1 and n for"
    )?;
    writeln!(
        out,
        "every threshold; {}/README.md has the steps.",
        made.member
    )?;
    Ok(())
}

/// Pack names, editions and zones become crate names, file names and ids: lowercase letters,
/// digits and single dashes inside.
fn check_slug(
    what: &str,
    value: &str,
    starts_with_letter: bool,
    example: &str,
) -> Result<(), Failure> {
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let shaped = !value.is_empty()
        && !value.starts_with('-')
        && !value.ends_with('-')
        && !value.contains("--");
    let first_ok = !starts_with_letter || value.starts_with(|c: char| c.is_ascii_lowercase());
    if allowed && shaped && first_ok {
        return Ok(());
    }
    let first = if starts_with_letter {
        ", starting with a letter"
    } else {
        ""
    };
    Err(Failure::Usage(format!(
        "{what} `{value}`: use lowercase letters, digits and single dashes{first} (e.g. `{example}`)"
    )))
}

/// The nearest directory from `start` upward whose Cargo.toml has a `[workspace]` table.
pub fn find_workspace(start: &Path) -> Result<Option<PathBuf>, Failure> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if manifest.is_file() && is_workspace_manifest(&manifest)? {
            return Ok(Some(dir.to_path_buf()));
        }
    }
    Ok(None)
}

fn is_workspace_manifest(manifest: &Path) -> Result<bool, Failure> {
    if !manifest.is_file() {
        return Ok(false);
    }
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| InputError::new(manifest, format!("cannot read it: {e}")))?;
    let document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| InputError::new(manifest, format!("not a readable Cargo.toml: {e}")))?;
    Ok(document.get("workspace").is_some_and(|w| w.is_table()))
}

/// `[workspace.package]` keys a member can inherit, among those the scaffold uses.
fn inherited_package_keys(manifest: &toml_edit::DocumentMut) -> Vec<&'static str> {
    let package = manifest
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.as_table_like());
    ["version", "edition", "rust-version", "license"]
        .into_iter()
        .filter(|key| package.is_some_and(|p| p.contains_key(key)))
        .collect()
}

fn has_plugin_api_dependency(manifest: &toml_edit::DocumentMut) -> bool {
    manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table_like())
        .is_some_and(|d| d.contains_key("ftzroute-plugin-api"))
}

/// Adds `member` to `[workspace] members`, after the last `packs/` entry (else at the end), in
/// the layout of its neighbours so comments and line breaks stay where they were. False when it
/// is already listed or a `dir/*` glob covers it.
pub fn add_member(manifest: &mut toml_edit::DocumentMut, member: &str) -> Result<bool, String> {
    let workspace = manifest
        .get_mut("workspace")
        .and_then(|w| w.as_table_like_mut())
        .ok_or("the manifest has no [workspace] table")?;
    if !workspace.contains_key("members") {
        let mut members = toml_edit::Array::new();
        members.push(member);
        workspace.insert("members", toml_edit::value(members));
        return Ok(true);
    }
    let members = workspace
        .get_mut("members")
        .and_then(|m| m.as_array_mut())
        .ok_or("`members` is not an array of paths")?;
    let listed: Vec<String> = members
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<_>>()
        .ok_or("`members` holds something other than path strings")?;
    if listed.iter().any(|m| covers(m, member)) {
        return Ok(false);
    }
    if listed.is_empty() {
        members.push(member);
        return Ok(true);
    }
    let after = listed
        .iter()
        .rposition(|m| m.starts_with("packs/"))
        .unwrap_or(listed.len() - 1);
    let index = after + 1;
    let mut value = toml_edit::Value::from(member);
    match members.get_mut(index) {
        // Between two entries: the new one takes the displaced entry's prefix (whatever followed
        // the previous comma, comments included); the displaced entry keeps only its indentation.
        Some(displaced) => {
            let prefix = prefix_of(displaced);
            displaced.decor_mut().set_prefix(indentation(&prefix));
            value.decor_mut().set_prefix(prefix);
        }
        None => {
            let last = members.get(after).map(prefix_of).unwrap_or_default();
            let prefix = indentation(&last);
            value.decor_mut().set_prefix(if prefix.is_empty() {
                " ".into()
            } else {
                prefix
            });
        }
    }
    members.insert_formatted(index, value);
    Ok(true)
}

fn prefix_of(value: &toml_edit::Value) -> String {
    value
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string()
}

/// The line break and indentation at the end of a prefix, without any comment before them.
fn indentation(prefix: &str) -> String {
    match prefix.rfind('\n') {
        Some(at) => prefix[at..].to_string(),
        None => prefix.chars().filter(|c| *c == ' ' || *c == '\t').collect(),
    }
}

/// Is `member` the listed entry, or matched by a `dir/*` glob entry?
fn covers(entry: &str, member: &str) -> bool {
    let entry = entry.trim_end_matches('/');
    if entry == member {
        return true;
    }
    match entry.strip_suffix("/*") {
        Some(dir) => member
            .strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.contains('/')),
        None => false,
    }
}

fn write_pack(dir: &Path, files: &[(&str, String)]) -> std::io::Result<()> {
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // `create_dir`, not `create_dir_all`: a directory made meanwhile by someone else is refused.
    std::fs::create_dir(dir)?;
    for (file, text) in files {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// Replaces a file through a temporary file beside it, so a failure never leaves it half written.
fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    let temporary = path.with_extension("toml.pack-new");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// The texts of a new pack crate.
struct Template {
    replacements: Vec<(&'static str, String)>,
    cargo_package_keys: String,
}

impl Template {
    fn new(pack_id: &str, zone: &str, edition: &str, inherited: &[&str]) -> Template {
        let type_name: String = pack_id
            .split('-')
            .map(|part| {
                let mut chars = part.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        let date = placeholder_date(edition);
        let mut cargo_package_keys = String::new();
        for key in ["version", "edition", "rust-version", "license"] {
            if inherited.contains(&key) {
                cargo_package_keys.push_str(&format!("{key}.workspace = true\n"));
            } else if key == "version" {
                cargo_package_keys.push_str("version = \"0.1.0\"\n");
            } else if key == "edition" {
                cargo_package_keys.push_str("edition = \"2021\"\n");
            }
        }
        Template {
            replacements: vec![
                ("@ID@", pack_id.to_string()),
                ("@LIB@", pack_id.replace('-', "_")),
                ("@TYPE@", type_name),
                ("@ZONE@", zone.to_string()),
                ("@EDITION@", edition.to_string()),
                ("@DATE@", date),
            ],
            cargo_package_keys,
        }
    }

    fn fill(&self, template: &str) -> String {
        let mut text = template.replace("@PACKAGE_KEYS@", &self.cargo_package_keys);
        for (token, value) in &self.replacements {
            text = text.replace(token, value);
        }
        text
    }

    fn cargo_toml(&self) -> String {
        self.fill(CARGO_TOML)
    }

    fn lib_rs(&self) -> String {
        self.fill(LIB_RS)
    }

    fn case(&self) -> String {
        self.fill(CASE_TOML)
    }

    fn readme(&self) -> String {
        self.fill(README_MD)
    }
}

/// A valid date for the placeholders, so the pack loads before the real dates are filled in: the
/// 1st of January of the edition's year when the edition starts with one, else today.
fn placeholder_date(edition: &str) -> String {
    let year: Option<i32> = edition
        .get(..4)
        .filter(|y| y.chars().all(|c| c.is_ascii_digit()))
        .and_then(|y| y.parse().ok())
        .filter(|y| (1990..=2200).contains(y));
    match year {
        Some(year) => format!("{year}-01-01"),
        None => crate::common::dates::format_date(time::OffsetDateTime::now_utc().date()),
    }
}

const CARGO_TOML: &str = r#"[package]
name = "@ID@"
@PACKAGE_KEYS@publish = false

[lib]
# cdylib: the pack ftzroute loads; rlib: the same pack linked statically in unit tests and benches.
crate-type = ["cdylib", "rlib"]

[dependencies]
ftzroute-plugin-api.workspace = true
"#;

const LIB_RS: &str = r#"//! TODO: what this pack encodes: the instrument (Chinese title and English rendering), who
//! issued it, the zone and sectors it decides for, and how it decides.
//!
//! Scaffolded by `ftzroute pack new`: every placeholder says TODO, and `ftzroute pack check`
//! reports those left. Until then the pack loads and its example case passes.

use ftzroute_plugin_api::{
    Citation, Count, Description, EvaluateRequest, EvaluateResponse, Outcome, Pack, Route, Rule,
    Source, Step, REQUEST_SCHEMA,
};

/// The pack: identity, rules and the decision.
pub struct @TYPE@;

ftzroute_plugin_api::export_pack!(@TYPE@);

pub const PACK_ID: &str = "@ID@";
pub const ZONE: &str = "@ZONE@";

/// Rule ids: stable, since outcomes, ladders and golden cases name them.
pub mod rule {
    // TODO: one rule per list item or article that can decide an export.
    pub const EXAMPLE: &str = "example-rule";
}

/// Duties the list puts on the exporters that use it (a report to the zone, a filing before
/// relying on the list), with their basis, confidence and deadline. See docs/pack-authors.md.
// TODO: one row per duty of the list's users, or leave the table empty.
const DUTIES: &[ftzroute_plugin_api::duties::DutyRow] = &[];

impl Pack for @TYPE@ {
    fn describe() -> Description {
        Description {
            id: PACK_ID.to_string(),
            zone: ZONE.to_string(),
            name: "TODO: name of the list or regulation".to_string(),
            edition: "@EDITION@".to_string(),
            issuers: vec!["TODO: issuing authority".to_string()],
            // TODO: the real dates (YYYY-MM-DD). Valid placeholders keep the pack loadable; a pack
            // not in force on a profile's as_of date does not decide.
            issued: "@DATE@".to_string(),
            effective_from: "@DATE@".to_string(),
            effective_until: None,
            // TODO: the handler sectors the list decides for ("*" for every sector).
            sectors: vec!["todo-sector".to_string()],
            source: Source {
                title_zh: "《TODO：清单或规定的中文全称》".to_string(),
                title_en: "TODO: English title".to_string(),
                reference: "TODO: notice number, gazette or address a reader can follow"
                    .to_string(),
            },
            // Readings adopted where the text leaves room, shown to users.
            contract_minor: ftzroute_plugin_api::CONTRACT_MINOR,
            interpretations: vec![],
            // Duties of the list's users (reports, filings), from the table above.
            obligations: ftzroute_plugin_api::duties::obligations(DUTIES),
            // The working-day calendar comes from the national baseline pack.
            calendar: Vec::new(),
            rules: vec![Rule {
                id: rule::EXAMPLE.to_string(),
                route: Route::Exempt,
                // Some(n) when the rule is item n of a negative list.
                list_item: None,
                // One line naming what decided; golden cases repeat it word for word.
                basis: "TODO: what decided, e.g. <list> (@EDITION@), item 1".to_string(),
                citation: Citation {
                    // The Chinese title with the article or item, as published: this text controls.
                    zh: "《TODO：清单或规定的中文全称》第一条".to_string(),
                    en: "TODO: English title, Art. 1".to_string(),
                    en_official: false,
                },
                confidence: None,
            }],
            // How much of the instrument the pack encodes (contract 1.4): one row rule per row
            // encoded; `of` the rows the instrument has, when known. `pack check` compares them.
            coverage: Some(ftzroute_plugin_api::Coverage {
                rows: ftzroute_plugin_api::Share {
                    encoded: 1,
                    of: None,
                },
                unit: "items".to_string(),
                row_rules: vec![rule::EXAMPLE.to_string()],
                note: Some("TODO: which rows are encoded, and where the others can be read".to_string()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn evaluate(request: &EvaluateRequest) -> Result<EvaluateResponse, String> {
        ftzroute_plugin_api::sdk::check_schema(request)?;
        // TODO: the law. For now every export is exempt under the example rule. A volume threshold
        // reports the counted total and the ladder of its scenario, so the host can show the
        // headroom to the next route: add a Step { from: N, route, rule } per band (ascending,
        // the first from 0), each naming the rule that decides in it.
        let exports = request
            .exports
            .iter()
            .map(|export| {
                let counted = export.counted_persons();
                Outcome {
                    id: export.id.clone(),
                    route: Route::Exempt,
                    rule: rule::EXAMPLE.to_string(),
                    count: counted.map(|total| Count {
                        scenario: "TODO: the counting scenario, naming its items".to_string(),
                        total,
                        with: vec![],
                        group: None,
                    }),
                    ladder: match counted {
                        Some(_) => vec![Step {
                            from: 0,
                            route: Route::Exempt,
                            rule: rule::EXAMPLE.to_string(),
                        }],
                        None => vec![],
                    },
                    notes: vec![],
                }
            })
            .collect();
        Ok(EvaluateResponse {
            exports,
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ftzroute_plugin_api::{DataKind, Export, Handler, Subject};

    fn request(persons: u64) -> EvaluateRequest {
        EvaluateRequest {
            schema: REQUEST_SCHEMA,
            as_of: "@DATE@".to_string(),
            handler: Handler {
                name: "Example Co., Ltd.".to_string(),
                sector: "todo-sector".to_string(),
                ciio: false,
                persons_processed: None,
            },
            exports: vec![Export {
                id: "customers".to_string(),
                kind: DataKind::Personal,
                subject: Some(Subject::Other),
                sensitive: false,
                persons: Some(persons),
                exempt_persons: 0,
                exempt_bases: vec![],
                serious_harm: false,
                name_and_contact: false,
                notified: true,
                hgr_cleared: false,
                export_controlled: false,
                scenario: None,
            }],
            routes_only: false,
            group_counts: Default::default(),
            counted_from: None,
            probes: Vec::new(),
        }
    }

    #[test]
    fn rules_are_unique_and_cited() {
        let description = @TYPE@::describe();
        let mut ids: Vec<&str> = description.rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), description.rules.len(), "duplicate rule ids");
        for rule in &description.rules {
            assert!(!rule.citation.zh.trim().is_empty() && !rule.citation.en.trim().is_empty());
        }
    }

    #[test]
    fn every_outcome_names_a_declared_rule_with_its_route() {
        let description = @TYPE@::describe();
        for persons in [0, 1, 1000] {
            let response = @TYPE@::evaluate(&request(persons)).unwrap();
            assert_eq!(response.exports.len(), 1);
            for outcome in &response.exports {
                let rule = description.rule(&outcome.rule).expect("declared rule");
                assert_eq!(rule.route, outcome.route);
                for step in &outcome.ladder {
                    assert!(description.rule(&step.rule).is_some(), "{}", step.rule);
                }
            }
        }
    }
}
"#;

const CASE_TOML: &str = r#"# A golden case: a profile as a user writes one, and what each export must get. One case per
# file, named after what it tests (e.g. item-14-lower-edge-9999.toml); every threshold needs a
# case at n - 1 and one at n. `ftzroute pack test` runs them.
description = "TODO: what this case checks; for now: any export is exempt under the example rule"

[profile]
as_of = @DATE@             # a date the edition is in force
[profile.handler]
name = "Example Co., Ltd."
sector = "todo-sector"      # a sector the pack decides for
ciio = false

[[profile.export]]
id = "customers"
kind = "personal"              # personal | important | genetic | core | general
subject = "other"              # trial-subject | patient | professional | device-user | business-contact | other
persons = 1000

[[expect]]
# zone = "@ZONE@"              # optional; defaults to the pack's own zone
export = "customers"
route = "exempt"
# list_item = 1                # the decision's list item; omit when its rule has none
basis = "TODO: what decided, e.g. <list> (@EDITION@), item 1"
counted_persons = 1000
# next = { route = "standard-contract-or-certification", at_persons = 10000 }
# notes_contain = ["a fragment one of the notes must contain"]
"#;

const README_MD: &str = r#"# @ID@

TODO: what this pack encodes: the list or regulation, its zone (`@ZONE@`), the sectors it decides
for, edition @EDITION@ and when it is in force.

Scaffolded by `ftzroute pack new`. The guide for pack authors, `docs/pack-authors.md` in the
ftzroute workspace, explains the contract, citations and cases.

## Next steps

1. Fill in the identity in `src/lib.rs`: name, issuers, dates, sectors, source. Every TODO is
   a placeholder; `ftzroute pack check` lists the ones left.
2. Replace the example rule with the rules of the text: one per list item or article that can
   decide an export, each with its route, list item, basis and bilingual citation (the Chinese
   title with the article or item; an English rendering, unofficial unless it is the official
   translation).
3. Write `evaluate`: one outcome per export, in request order, naming the rule that decided.
   Where a volume threshold applies, report the counted total and the ladder of its bands.
4. Write golden cases in `cases/`, one per file: every rule fired at least once, every threshold
   at n - 1 and at n.
5. Build and test, from the workspace root:

   ```sh
   cargo build -p @ID@
   ftzroute pack test target/debug/lib@LIB@.so --threshold 100
   ftzroute pack check target/debug/lib@LIB@.so
   ```

   (`.dylib` on macOS, `@LIB@.dll` on Windows.) `ftzroute pack test ... --watch` reruns the
   cases on every build and every case edit; the dashboard's cases view (key `t`) does the same
   beside the routes.
6. Add the pack id to a zone (the zones file, `--zones FILE`) so `eval` and the dashboard use it.
7. Replace this README: what the pack encodes, its rules table (id, route, item, basis), the
   interpretations it adopts, its sources.

## Rules

| id | route | item | basis |
|---|---|---|---|
| `example-rule` | exempt | – | TODO |
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn members_after(manifest: &str, member: &str) -> (bool, String) {
        let mut document: toml_edit::DocumentMut = manifest.parse().unwrap();
        let added = add_member(&mut document, member).unwrap();
        (added, document.to_string())
    }

    #[test]
    fn a_member_goes_after_the_last_pack_keeping_layout_and_comments() {
        let manifest = "[workspace]\n# the crates\nmembers = [\n    \"app\", # the binary\n    \"packs/a-2024\",\n    \"tests\",\n]\nexclude = [\"x\"] # kept\n";
        let (added, text) = members_after(manifest, "packs/b-2026");
        assert!(added);
        assert_eq!(
            text,
            "[workspace]\n# the crates\nmembers = [\n    \"app\", # the binary\n    \"packs/a-2024\",\n    \"packs/b-2026\",\n    \"tests\",\n]\nexclude = [\"x\"] # kept\n"
        );
    }

    #[test]
    fn a_comment_after_the_previous_comma_stays_with_it() {
        let manifest =
            "[workspace]\nmembers = [\n    \"packs/a\", # first pack\n    \"tests\",\n]\n";
        let (_, text) = members_after(manifest, "packs/b");
        assert_eq!(
            text,
            "[workspace]\nmembers = [\n    \"packs/a\", # first pack\n    \"packs/b\",\n    \"tests\",\n]\n"
        );
    }

    #[test]
    fn empty_one_line_and_missing_member_lists() {
        assert_eq!(
            members_after("[workspace]\nmembers = []\n", "packs/b").1,
            "[workspace]\nmembers = [\"packs/b\"]\n"
        );
        assert_eq!(
            members_after("[workspace]\nmembers = [\"app\"]\n", "packs/b").1,
            "[workspace]\nmembers = [\"app\", \"packs/b\"]\n"
        );
        assert!(members_after("[workspace]\nresolver = \"2\"\n", "packs/b")
            .1
            .contains("members = [\"packs/b\"]"));
    }

    #[test]
    fn listed_or_globbed_members_are_not_added_twice() {
        for manifest in [
            "[workspace]\nmembers = [\"packs/b\"]\n",
            "[workspace]\nmembers = [\"packs/*\"]\n",
        ] {
            let (added, text) = members_after(manifest, "packs/b");
            assert!(!added);
            assert_eq!(text, manifest);
        }
        assert!(!covers("packs/*", "packs/b/c"));
        assert!(!covers("pack/*", "packs/b"));
    }

    #[test]
    fn names_editions_and_zones_are_slugs() {
        assert!(check_slug("NAME", "shanghai-pharma", true, "x").is_ok());
        assert!(check_slug("--edition", "2026", false, "x").is_ok());
        assert!(check_slug("--edition", "2026-rev1", false, "x").is_ok());
        for bad in ["", "Shanghai", "a_b", "a--b", "-a", "a-", "a b", "2026x/"] {
            assert!(check_slug("NAME", bad, true, "x").is_err(), "{bad:?}");
        }
        assert!(
            check_slug("NAME", "2026", true, "x").is_err(),
            "a crate name starts with a letter"
        );
    }

    #[test]
    fn placeholder_dates_are_valid_dates() {
        assert_eq!(placeholder_date("2026"), "2026-01-01");
        assert_eq!(placeholder_date("2026-rev1"), "2026-01-01");
        assert!(crate::common::dates::parse_date(&placeholder_date("draft")).is_some());
    }

    #[test]
    fn templates_leave_no_token_unfilled() {
        let template = Template::new("demo-2026", "shanghai", "2026", &["version", "edition"]);
        for text in [
            template.cargo_toml(),
            template.lib_rs(),
            template.case(),
            template.readme(),
        ] {
            assert!(!text.contains('@'), "{text}");
        }
        assert!(template.lib_rs().contains("pub struct Demo2026;"));
        assert!(template
            .cargo_toml()
            .contains("version.workspace = true\nedition.workspace = true\npublish = false"));
    }
}
