//! The workspace's layout rules, read from its source: no two modules of a crate import each
//! other, directly or round a loop, so each module can be read, tested and moved on its own.
//!
//! Each file is parsed with syn; every `use` and every path naming `crate::`, `super::`,
//! `self::`, a child module or a name brought in by `use` is resolved to the module that holds
//! it (following `pub use` re-exports), and the graph of those imports must have no circle.
//! Unit tests (`#[cfg(test)]` items) are left out: a module's own tests use it by design.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use crate::workspace;

/// A module, as the path of names from its crate's root (`["render", "json"]`).
type Module = Vec<String>;

/// One crate's modules and the imports between them.
#[derive(Default)]
struct Graph {
    /// Each module's file.
    files: BTreeMap<Module, PathBuf>,
    /// `(module, name)` → where the name really lives, for `pub use` re-exports (`None` for
    /// a name from another crate).
    reexports: BTreeMap<(Module, String), Option<Module>>,
    /// Who imports whom, with one path that shows it.
    edges: BTreeMap<Module, BTreeMap<Module, String>>,
}

/// What one file's `use` items and paths name, before resolving.
#[derive(Default)]
struct Names {
    /// Full paths named, as written (with `crate`, `super`, `self` or a local name first).
    paths: Vec<Vec<String>>,
    /// Local names brought in by `use`, and the path each stands for.
    aliases: BTreeMap<String, Vec<String>>,
    /// Names re-exported by `pub use`, and the path each stands for.
    reexports: BTreeMap<String, Vec<String>>,
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if attrs.iter().any(is_cfg_test) {
            return;
        }
        if let syn::Item::Use(item_use) = item {
            let public = !matches!(item_use.vis, syn::Visibility::Inherited);
            let mut leaves = Vec::new();
            use_leaves(&item_use.tree, Vec::new(), &mut leaves);
            for (path, local) in leaves {
                if let Some(local) = local {
                    if public {
                        self.reexports.insert(local.clone(), path.clone());
                    }
                    self.aliases.insert(local, path.clone());
                }
                self.paths.push(path);
            }
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            self.paths
                .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, path);
    }
}

fn is_cfg_test(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg")
        && attr
            .parse_args::<syn::Meta>()
            .is_ok_and(|meta| meta.path().is_ident("test"))
}

/// The paths a `use` tree names, each with the local name it binds (none for a glob).
fn use_leaves(
    tree: &syn::UseTree,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    let with = |name: String| {
        let mut path = prefix.clone();
        path.push(name);
        path
    };
    match tree {
        syn::UseTree::Path(p) => use_leaves(&p.tree, with(p.ident.to_string()), out),
        syn::UseTree::Name(n) if n.ident == "self" => {
            let local = prefix.last().cloned();
            out.push((prefix.clone(), local));
        }
        syn::UseTree::Name(n) => out.push((with(n.ident.to_string()), Some(n.ident.to_string()))),
        syn::UseTree::Rename(r) => {
            out.push((with(r.ident.to_string()), Some(r.rename.to_string())))
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), None)),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                use_leaves(item, prefix.clone(), out);
            }
        }
    }
}

/// The module a `.rs` file is, from its path below the crate's `src`.
fn module_of(relative: &Path) -> Module {
    let mut names: Module = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        names.last().map(String::as_str),
        Some("lib" | "main" | "mod")
    ) {
        names.pop();
    }
    names
}

impl Graph {
    /// Reads every module of the crate whose sources are in `src`.
    fn of_crate(src: &Path) -> Graph {
        let mut graph = Graph::default();
        let mut names = BTreeMap::new();
        for file in rust_files(src) {
            let module = module_of(file.strip_prefix(src).unwrap());
            let text = std::fs::read_to_string(&file).unwrap();
            let parsed = syn::parse_file(&text)
                .unwrap_or_else(|err| panic!("{} does not parse: {err}", file.display()));
            let mut found = Names::default();
            found.visit_file(&parsed);
            graph.files.insert(module.clone(), file);
            names.insert(module, found);
        }
        for (module, found) in &names {
            for (name, path) in &found.reexports {
                let target = graph
                    .absolute(module, path, &found.aliases)
                    .and_then(|target| graph.holder(&target));
                graph
                    .reexports
                    .insert((module.clone(), name.clone()), target);
            }
        }
        for (module, found) in &names {
            for path in &found.paths {
                let Some(absolute) = graph.absolute(module, path, &found.aliases) else {
                    continue;
                };
                let Some(target) = graph.holder(&absolute) else {
                    continue;
                };
                if &target != module {
                    graph
                        .edges
                        .entry(module.clone())
                        .or_default()
                        .entry(target)
                        .or_insert_with(|| path.join("::"));
                }
            }
        }
        graph
    }

    /// `path` as written in `module`, made absolute; `None` for another crate's or std's.
    fn absolute(
        &self,
        module: &Module,
        path: &[String],
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> Option<Module> {
        let (first, rest) = path.split_first()?;
        let mut base: Module = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.clone(),
            "super" => module[..module.len().checked_sub(1)?].to_vec(),
            _ => {
                let mut child = module.clone();
                child.push(first.clone());
                if self.files.contains_key(&child) {
                    child
                } else {
                    let alias = aliases.get(first)?;
                    if alias.first().map(String::as_str) == Some(first.as_str()) {
                        return None;
                    }
                    let mut resolved = self.absolute(module, alias, &BTreeMap::new())?;
                    resolved.extend(rest.iter().cloned());
                    return Some(resolved);
                }
            }
        };
        let mut rest = rest;
        while let Some((next, after)) = rest.split_first() {
            if next != "super" {
                break;
            }
            base.pop();
            rest = after;
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module that holds what `path` names: its longest prefix that is a module, with
    /// re-exports followed to where the item is defined; `None` for another crate's item.
    fn holder(&self, path: &Module) -> Option<Module> {
        let mut module: Module = Vec::new();
        for (i, name) in path.iter().enumerate() {
            let mut child = module.clone();
            child.push(name.clone());
            if self.files.contains_key(&child) {
                module = child;
                continue;
            }
            match self.reexports.get(&(module.clone(), name.clone())) {
                Some(None) => return None,
                Some(Some(target)) if target != &module => {
                    let mut rest = target.clone();
                    rest.extend(path[i + 1..].iter().cloned());
                    return self.holder(&rest);
                }
                _ => {}
            }
            break;
        }
        Some(module)
    }

    /// Every circle of imports, as the modules in it and the paths that join them.
    fn circles(&self) -> Vec<String> {
        let mut circles = Vec::new();
        let mut reported: BTreeSet<BTreeSet<Module>> = BTreeSet::new();
        for start in self.edges.keys() {
            if let Some(path) = self.path_back(start) {
                let members: BTreeSet<Module> = path.iter().map(|(m, _)| m.clone()).collect();
                if reported.insert(members) {
                    let shown: Vec<String> = path
                        .iter()
                        .map(|(m, via)| format!("{} (uses {via})", self.files[m].display()))
                        .collect();
                    circles.push(shown.join("\n    → "));
                }
            }
        }
        circles
    }

    /// The shortest chain of imports from `start` back to itself, if there is one.
    fn path_back(&self, start: &Module) -> Option<Vec<(Module, String)>> {
        let mut came_from: BTreeMap<Module, (Module, String)> = BTreeMap::new();
        let mut frontier = vec![start.clone()];
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for module in frontier {
                for (target, via) in self.edges.get(&module).into_iter().flatten() {
                    if target == start {
                        let mut chain = vec![(module.clone(), via.clone())];
                        let mut at = module.clone();
                        while let Some((prev, prev_via)) = came_from.get(&at) {
                            chain.push((prev.clone(), prev_via.clone()));
                            at = prev.clone();
                        }
                        chain.reverse();
                        return Some(chain);
                    }
                    if !came_from.contains_key(target) && target != start {
                        came_from.insert(target.clone(), (module.clone(), via.clone()));
                        next.push(target.clone());
                    }
                }
            }
            frontier = next;
        }
        None
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Every crate's `src` folder: the binary's and each library's in `crates/`.
fn crate_sources() -> Vec<PathBuf> {
    let root = workspace();
    let mut sources = vec![root.join("src")];
    let mut libraries: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    libraries.sort();
    sources.extend(libraries);
    sources
}

#[test]
fn no_two_modules_import_each_other() {
    let mut circles = Vec::new();
    for src in crate_sources() {
        circles.extend(Graph::of_crate(&src).circles());
    }
    assert!(
        circles.is_empty(),
        "modules that import each other, directly or round a loop:\n  {}",
        circles.join("\n  ")
    );
}

#[test]
fn the_circle_finder_finds_a_circle_and_resolves_reexports() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir(src.join("render")).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "mod render; mod report; pub use report::Report;",
    )
    .unwrap();
    std::fs::write(
        src.join("report.rs"),
        "pub struct Report; fn f() { crate::render::draw(); }",
    )
    .unwrap();
    std::fs::write(
        src.join("render/mod.rs"),
        "mod json; pub fn draw() { json::go(); }",
    )
    .unwrap();
    std::fs::write(
        src.join("render/json.rs"),
        "use crate::Report; pub fn go() {}",
    )
    .unwrap();
    let graph = Graph::of_crate(src);
    let circles = graph.circles();
    assert_eq!(circles.len(), 1, "{circles:?}");
    assert!(circles[0].contains("report.rs"), "{}", circles[0]);
    assert!(circles[0].contains("render/json.rs"), "{}", circles[0]);
    // Without the call back to render, there is no circle.
    std::fs::write(src.join("report.rs"), "pub struct Report;").unwrap();
    assert!(Graph::of_crate(src).circles().is_empty());
}
