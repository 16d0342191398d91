//! The README's layout section is the map a newcomer follows: every path it names exists.
//!
//! The section is a block of rows `PATH  description`. A path at the start of a row is relative
//! to the workspace (unindented) or to the last unindented directory (indented); the files and
//! directories the description names (`input.rs`, `ledger/`) are found somewhere below the
//! row's own directory.

use ftzroute_e2e::workspace_root;
use std::path::{Path, PathBuf};

/// The rows of the fenced block under `## Layout`.
fn layout_rows() -> Vec<String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let section = readme
        .split("\n## Layout\n")
        .nth(1)
        .expect("the README has a `## Layout` section");
    let block = section
        .split("```")
        .nth(1)
        .expect("the layout section holds a fenced block");
    block
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(String::from)
        .collect()
}

/// Whether a file or directory called `name` lies anywhere below `dir` (or is `dir/name`).
fn found_below(dir: &Path, name: &str) -> bool {
    let name = name.trim_end_matches('/');
    if dir.join(name).exists() {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let path = entry.path();
        let skipped = path
            .file_name()
            .is_some_and(|n| n == "target" || n.to_string_lossy().starts_with('.'));
        path.is_dir() && !skipped && found_below(&path, name)
    })
}

/// The file and directory names a description mentions: words ending in `.rs`, `.toml`, `.h`,
/// `.sh` or `.md`, or in `/`, without the punctuation around them.
fn names_in(description: &str) -> Vec<String> {
    description
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':' | '`'))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| {
            let file = [".rs", ".toml", ".h", ".sh", ".md"]
                .iter()
                .any(|ext| word.ends_with(ext));
            let dir = word.len() > 1
                && word.ends_with('/')
                && word[..word.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/'));
            (file || dir) && !word.contains('<') && !word.contains('*')
        })
        .map(String::from)
        .collect()
}

#[test]
fn every_path_the_readme_layout_names_exists() {
    let root = workspace_root();
    let mut top = root.clone();
    let mut missing = Vec::new();
    let mut checked = 0;
    // A description that goes on under its row belongs to the last path named.
    let mut row_dir: PathBuf = root.clone();
    for row in layout_rows() {
        let indented = row.starts_with(' ');
        let trimmed = row.trim_start();
        let (path, description) = match trimmed.split_once("  ") {
            Some((path, rest)) if !path.contains(' ') && (indented || !row.starts_with(' ')) => {
                (Some(path), rest)
            }
            _ => (None, trimmed),
        };
        // A continuation row starts far to the right, with no path of its own.
        let continuation = row.starts_with("      ");
        if let (Some(path), false) = (path, continuation) {
            // `<pack>` stands for every pack: its parent must exist.
            let literal = path.split('<').next().unwrap_or(path);
            let full = if indented {
                top.join(literal)
            } else {
                root.join(literal)
            };
            checked += 1;
            if !full.exists() {
                missing.push(format!("{path} (row `{}`)", row.trim()));
            }
            if !indented && path.ends_with('/') {
                top = full.clone();
            }
            row_dir = if full.is_dir() {
                full
            } else {
                full.parent().unwrap_or(&root).to_path_buf()
            };
        }
        for name in names_in(description) {
            checked += 1;
            // Paths with a slash inside (`app/zones/default.toml`) are from the workspace.
            let found = if name.trim_end_matches('/').contains('/') {
                root.join(name.trim_end_matches('/')).exists()
                    || found_below(&row_dir, &name)
                    || found_below(&top, &name)
            } else {
                found_below(&row_dir, &name) || found_below(&top, &name)
            };
            if !found {
                missing.push(format!("{name} (row `{}`)", row.trim()));
            }
        }
    }
    assert!(
        checked > 60,
        "only {checked} paths read: is the block still there?"
    );
    assert!(
        missing.is_empty(),
        "the README's layout names paths that do not exist:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn the_reader_of_the_layout_sees_a_missing_path() {
    let names = names_in("input.rs (errors), ledger/ (transfers), `packs.lock`, a/b.toml.");
    assert_eq!(names, ["input.rs", "ledger/", "a/b.toml"]);
    let root = workspace_root();
    assert!(found_below(&root.join("app"), "atomic.rs"));
    assert!(!found_below(&root.join("app"), "no-such-file.rs"));
}
