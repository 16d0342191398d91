//! The source tree keeps its shape: the subsystems of `app/src` depend on each other in one
//! direction only, and no two modules import each other, directly or around a loop, in the app,
//! in `plugin-api` (where the contract knows nothing of the SDK) or in any pack; and a pack
//! depends on the contract and SDK crate only.
//!
//! Modules are files. A reference is any `crate::a::b` or `super::x` path in the code (comments
//! aside), resolved to the deepest module it names. A parent and its own children are one
//! subsystem's front door and rooms, so references between them do not count; every other
//! reference is an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The subsystems, lowest first: each may use only those before it.
const LAYERS: &[&[&str]] = &[
    &["common"],
    &["core"],
    &["cases", "render"],
    &["host"],
    &["context"],
    &["commands", "workbench"],
    &["dashboard"],
    &["cli"],
];

type Module = Vec<String>;

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The crate directory of every pack.
fn pack_crates() -> Vec<PathBuf> {
    let mut packs: Vec<PathBuf> = std::fs::read_dir(workspace_root().join("packs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .collect();
    packs.sort();
    packs
}

/// Every module file under the app's `src` (the binary's `main.rs` aside), with its module path.
fn modules() -> BTreeMap<Module, PathBuf> {
    modules_of(&source_root())
}

/// Every module file under a crate's `src` directory `root`, with its module path.
fn modules_of(root: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], found: &mut BTreeMap<Module, PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = match name.as_str() {
                    "main" if prefix.is_empty() => continue,
                    "lib" if prefix.is_empty() => Vec::new(),
                    "mod" => prefix.to_vec(),
                    _ => {
                        let mut module = prefix.to_vec();
                        module.push(name);
                        module
                    }
                };
                found.insert(module, path);
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(root, &[], &mut found);
    found
}

/// The code of a file without its comments (doc links are not imports).
fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names: `crate::` paths, and `super::` paths resolved from
/// `module`.
fn references(code: &str, module: &Module) -> Vec<Module> {
    let bytes = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !ident(bytes[at - 1]);
        let rest = &bytes[at..];
        let (mut path, mut cursor): (Module, usize) = if starts_word && rest.starts_with(b"crate::")
        {
            (Vec::new(), at + "crate::".len())
        } else if starts_word && rest.starts_with(b"super::") {
            // Each `super` is one step up the module path (for `a/b.rs` and `a/b/mod.rs` alike).
            let mut base = module.clone();
            let mut cursor = at;
            while bytes[cursor..].starts_with(b"super::") {
                base.pop();
                cursor += "super::".len();
            }
            (base, cursor)
        } else {
            at += 1;
            continue;
        };
        loop {
            let start = cursor;
            while cursor < bytes.len() && ident(bytes[cursor]) {
                cursor += 1;
            }
            if start == cursor {
                break;
            }
            path.push(code[start..cursor].to_owned());
            if bytes[cursor..].starts_with(b"::") {
                cursor += 2;
            } else {
                break;
            }
        }
        found.push(path);
        at = cursor.max(at + 1);
    }
    found
}

/// The deepest known module that `path` starts with.
fn resolve(path: &Module, known: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|len| path[..len].to_vec())
        .find(|prefix| known.contains_key(prefix))
}

fn is_ancestor(a: &Module, b: &Module) -> bool {
    a.len() <= b.len() && b[..a.len()] == a[..]
}

fn edges() -> BTreeMap<Module, BTreeSet<Module>> {
    edges_of(&source_root())
}

/// The references between the modules of the crate whose `src` is `root`.
fn edges_of(root: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let known = modules_of(root);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &known {
        for path in references(&code_of(file), module) {
            let Some(target) = resolve(&path, &known) else {
                continue;
            };
            if is_ancestor(&target, module) || is_ancestor(module, &target) {
                continue;
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    edges
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        module.join("::")
    }
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        on_stack: BTreeSet<Module>,
        found: Vec<Vec<Module>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, node: &Module) {
            let n = self.index.len();
            self.index.insert(node.clone(), n);
            self.low.insert(node.clone(), n);
            self.stack.push(node.clone());
            self.on_stack.insert(node.clone());
            let next: Vec<Module> = self
                .edges
                .get(node)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            for to in next {
                if !self.index.contains_key(&to) {
                    self.visit(&to);
                    let low = self.low[node].min(self.low[&to]);
                    self.low.insert(node.clone(), low);
                } else if self.on_stack.contains(&to) {
                    let low = self.low[node].min(self.index[&to]);
                    self.low.insert(node.clone(), low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                loop {
                    let top = self.stack.pop().unwrap();
                    self.on_stack.remove(&top);
                    let done = &top == node;
                    component.push(top);
                    if done {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    let nodes: BTreeSet<Module> = edges
        .iter()
        .flat_map(|(from, to)| std::iter::once(from.clone()).chain(to.iter().cloned()))
        .collect();
    for node in &nodes {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.found
}

#[test]
fn no_module_imports_itself_around_a_loop() {
    let edges = edges();
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 20,
        "the scan found the imports"
    );
    let found = cycles(&edges);
    let described: Vec<String> = found
        .iter()
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" <-> "))
        .collect();
    assert!(
        found.is_empty(),
        "import cycles between modules:\n  {}",
        described.join("\n  ")
    );
}

#[test]
fn subsystems_depend_only_on_those_below_them() {
    let rank = |module: &Module| {
        let top = module.first()?;
        LAYERS
            .iter()
            .position(|layer| layer.contains(&top.as_str()))
    };
    let mut wrong = Vec::new();
    for (from, targets) in edges() {
        let Some(from_rank) = rank(&from) else {
            continue;
        };
        for to in targets {
            let Some(to_rank) = rank(&to) else { continue };
            if from[0] != to[0] && to_rank >= from_rank {
                wrong.push(format!("{} uses {}", name(&from), name(&to)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "references against the layering ({LAYERS:?}):\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn every_top_level_subsystem_is_in_a_layer() {
    let tops: BTreeSet<String> = modules()
        .keys()
        .filter_map(|m| m.first().cloned())
        .collect();
    for top in tops {
        assert!(
            LAYERS.iter().any(|layer| layer.contains(&top.as_str())),
            "`{top}` is in no layer: add it to LAYERS in this test"
        );
    }
}

#[test]
fn the_scanner_sees_a_cycle_when_there_is_one() {
    let known: BTreeMap<Module, PathBuf> = [
        vec!["a".to_string()],
        vec!["a".to_string(), "x".to_string()],
        vec!["a".to_string(), "y".to_string()],
    ]
    .into_iter()
    .map(|m| (m, PathBuf::new()))
    .collect();
    let x = vec!["a".to_string(), "x".to_string()];
    let y = vec!["a".to_string(), "y".to_string()];
    let from_x = references("use super::y::Thing; use crate::a::y;", &x);
    assert_eq!(resolve(&from_x[0], &known), Some(y.clone()));
    assert_eq!(resolve(&from_x[1], &known), Some(y.clone()));
    let mut edges = BTreeMap::new();
    edges.insert(x.clone(), BTreeSet::from([y.clone()]));
    edges.insert(y.clone(), BTreeSet::from([x.clone()]));
    assert_eq!(cycles(&edges), vec![vec![x, y]]);
}

fn described(found: &[Vec<Module>]) -> String {
    found
        .iter()
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" <-> "))
        .collect::<Vec<_>>()
        .join("\n  ")
}

#[test]
fn the_contract_and_sdk_and_every_pack_import_around_no_loop() {
    let mut crates = vec![workspace_root().join("plugin-api")];
    crates.extend(pack_crates());
    assert!(crates.len() > 10, "the packs are found: {crates:?}");
    let mut wrong = Vec::new();
    for dir in crates {
        let found = cycles(&edges_of(&dir.join("src")));
        if !found.is_empty() {
            wrong.push(format!("{}:\n  {}", dir.display(), described(&found)));
        }
    }
    assert!(wrong.is_empty(), "import cycles:\n{}", wrong.join("\n"));
}

#[test]
fn the_contract_knows_nothing_of_the_sdk() {
    let edges = edges_of(&workspace_root().join("plugin-api").join("src"));
    assert!(
        edges
            .keys()
            .any(|m| m.first().is_some_and(|top| top == "sdk")),
        "the scan found the SDK's imports"
    );
    let wrong: Vec<String> = edges
        .iter()
        .filter(|(from, _)| from.first().is_some_and(|top| top == "contract"))
        .flat_map(|(from, targets)| {
            targets
                .iter()
                .filter(|to| to.first().is_some_and(|top| top == "sdk"))
                .map(move |to| format!("{} uses {}", name(from), name(to)))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "the contract uses the SDK:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn a_pack_depends_on_the_contract_and_sdk_crate_only() {
    let mut wrong = Vec::new();
    for dir in pack_crates() {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let mut in_dependencies = false;
        for line in manifest.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_dependencies = line == "[dependencies]" || line == "[build-dependencies]";
                continue;
            }
            let Some(crate_name) = line.split(['=', '.', ' ']).next().filter(|n| !n.is_empty())
            else {
                continue;
            };
            if in_dependencies
                && !crate_name.starts_with('#')
                && crate_name != "ftzroute-plugin-api"
            {
                wrong.push(format!("{} depends on {crate_name}", dir.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
