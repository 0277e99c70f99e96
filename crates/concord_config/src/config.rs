//! The effective configuration for a file: every file of an `extends` chain merged, each value
//! remembering where it was set.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use concord_engine::{PackInfo, Policy, RuleSet, Severity};
use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;

use crate::error::ConfigError;
use crate::schema::{RawConfig, RawOverride};

/// Where a setting was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The configuration file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// A value and where it was set.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it was set.
    pub origin: Origin,
}

/// A rule's level: `None` is off.
pub type Level = Option<Severity>;

/// The name editor settings go by where a configuration names its origins.
pub const EDITOR_SETTINGS: &str = "editor settings";

/// Reads the level of rule `id`: `off` or a severity.
fn parse_level(id: &str, text: &str) -> Result<Level, String> {
    match text {
        "off" => Ok(None),
        other => other.parse::<Severity>().map(Some).map_err(|_| {
            format!(
                "rules.\"{id}\" = \"{other}\": use \"off\", \"hint\", \"info\", \"warning\" or \"error\""
            )
        }),
    }
}

/// The rule levels and allowed phrases that apply to one file.
#[derive(Debug)]
pub struct Effective<'c> {
    /// Rule id → its level, and the globs of the override that set it (`None`: the
    /// configuration itself).
    pub levels: BTreeMap<&'c str, (&'c Setting<Level>, Option<&'c Globs>)>,
    /// Phrases never flagged.
    pub allow: Vec<&'c Setting<String>>,
}

/// Globs relative to the folder of the file that declared them.
#[derive(Debug, Clone)]
pub struct Globs {
    /// The folder the globs are relative to.
    pub base: PathBuf,
    /// The globs as written.
    pub patterns: Vec<Setting<String>>,
    set: GlobSet,
}

impl Globs {
    fn matches(&self, file: &Path) -> bool {
        file.strip_prefix(&self.base)
            .is_ok_and(|relative| self.set.is_match(relative))
    }
}

/// Settings for files matching some globs (`[[overrides]]`).
#[derive(Debug, Clone)]
pub struct Override {
    /// The files it applies to.
    pub files: Globs,
    /// Rule levels for those files.
    pub rules: BTreeMap<String, Setting<Level>>,
    /// Extra allowed phrases for those files.
    pub allow: Vec<Setting<String>>,
}

/// A configuration file and everything it extends, merged.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The files read: the one named first, then those it extends.
    pub files: Vec<PathBuf>,
    /// The packs that are on; `None` means every loaded pack.
    pub packs: Option<Setting<Vec<String>>>,
    /// Extra rule packs, as absolute paths.
    pub pack_paths: Vec<Setting<PathBuf>>,
    /// Only files matching these are checked (when there are any).
    pub include: Vec<Globs>,
    /// Files matching these are not checked.
    pub exclude: Vec<Globs>,
    /// Rule levels.
    pub rules: BTreeMap<String, Setting<Level>>,
    /// Phrases never flagged.
    pub allow: Vec<Setting<String>>,
    /// Per-path settings, later ones winning.
    pub overrides: Vec<Override>,
}

impl Config {
    /// Reads `path` and everything it extends. Unknown keys, bad values, bad globs, a missing
    /// file to extend and a loop of `extends` are errors naming the file, line and key.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        load_chain(path, &mut Vec::new())
    }

    /// Whether `file` is checked under this configuration's `include` and `exclude`.
    pub fn accepts(&self, file: &Path) -> bool {
        let file = absolute(file);
        let included = self.include.is_empty() || self.include.iter().any(|g| g.matches(&file));
        included && !self.exclude.iter().any(|g| g.matches(&file))
    }

    /// The overrides that apply to `file`.
    pub fn overrides_for<'c>(&'c self, file: &Path) -> impl Iterator<Item = &'c Override> {
        let file = absolute(file);
        self.overrides
            .iter()
            .filter(move |o| o.files.matches(&file))
    }

    /// Whether the pack `name` is on: named in `packs`, or on by default when `packs` is not set.
    pub fn pack_is_on(&self, name: &str, rules: &RuleSet) -> bool {
        match &self.packs {
            Some(packs) => packs.value.iter().any(|p| p == name),
            None => rules.packs().any(|p| p.name == name && p.on_by_default),
        }
    }

    /// The packs that are on, in the order they were loaded.
    pub fn packs_on<'r>(&self, rules: &'r RuleSet) -> Vec<PackInfo<'r>> {
        rules
            .packs()
            .filter(|p| self.pack_is_on(p.name, rules))
            .collect()
    }

    /// Whether reports give each document's reading age: a pack that is on asks for it.
    pub fn reading_age(&self, rules: &RuleSet) -> bool {
        self.packs_on(rules).iter().any(|p| p.reading_age)
    }

    /// The checking policy for `file`: pack selection, rule levels, overrides and allowed phrases.
    pub fn policy(&self, file: &Path, rules: &RuleSet) -> Policy {
        let mut policy = Policy::new();
        let on = self.packs_on(rules);
        for rule in rules
            .rules()
            .iter()
            .filter(|r| !on.iter().any(|p| p.name == r.pack))
        {
            policy.set_severity(&rule.id, None);
        }
        let effective = self.effective(file);
        for (id, (level, _)) in &effective.levels {
            policy.set_severity(id, level.value);
        }
        policy.allow(effective.allow.iter().map(|p| p.value.as_str()));
        policy
    }

    /// The rule levels and allowed phrases that apply to `file`: the configuration's own, then
    /// each matching override in order, later ones winning. Both [`Config::policy`] and
    /// `concord config --show` read this, so they cannot disagree.
    pub fn effective<'c>(&'c self, file: &Path) -> Effective<'c> {
        let mut effective = Effective {
            levels: BTreeMap::new(),
            allow: self.allow.iter().collect(),
        };
        for (id, level) in &self.rules {
            effective.levels.insert(id.as_str(), (level, None));
        }
        for o in self.overrides_for(file) {
            for (id, level) in &o.rules {
                effective
                    .levels
                    .insert(id.as_str(), (level, Some(&o.files)));
            }
            effective.allow.extend(&o.allow);
        }
        effective
    }

    /// Puts `top` over this configuration: its `packs` replace these, its rule levels win, and
    /// its pack paths, globs, allowed phrases and overrides are added. `extends` chains and
    /// editor settings are layered this way.
    pub fn layer(&mut self, top: Config) {
        let below = std::mem::replace(&mut self.files, top.files);
        self.files.extend(below);
        if top.packs.is_some() {
            self.packs = top.packs;
        }
        self.pack_paths.extend(top.pack_paths);
        self.include.extend(top.include);
        self.exclude.extend(top.exclude);
        self.rules.extend(top.rules);
        self.allow.extend(top.allow);
        self.overrides.extend(top.overrides);
    }

    /// The layer of an editor's settings (`packs`, `rules`, `allow`), validated as strictly as
    /// `concord.toml`: a level that is not `off` or a severity is an error naming the key.
    pub fn from_editor(
        packs: Option<Vec<String>>,
        rules: &BTreeMap<String, String>,
        allow: &[String],
    ) -> Result<Config, ConfigError> {
        fn setting<T>(value: T) -> Setting<T> {
            Setting {
                value,
                origin: Origin {
                    file: PathBuf::from(EDITOR_SETTINGS),
                    line: 1,
                    column: 1,
                },
            }
        }
        let mut config = Config {
            packs: packs.map(setting),
            allow: allow.iter().cloned().map(setting).collect(),
            ..Config::default()
        };
        for (id, level) in rules {
            let value = parse_level(id, level).map_err(|message| ConfigError {
                file: PathBuf::from(EDITOR_SETTINGS),
                position: None,
                message,
            })?;
            config.rules.insert(id.clone(), setting(value));
        }
        Ok(config)
    }

    /// Checks the names in the configuration against the loaded rules: unknown packs and rules
    /// are errors at the place they were written.
    pub fn validate(&self, rules: &RuleSet) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let error = |origin: &Origin, message: String| ConfigError {
            file: origin.file.clone(),
            position: Some((origin.line, origin.column)),
            message,
        };
        if let Some(packs) = &self.packs {
            let known: Vec<&str> = rules.packs().map(|pack| pack.name).collect();
            for pack in packs.value.iter().filter(|p| !known.contains(&p.as_str())) {
                errors.push(error(
                    &packs.origin,
                    format!(
                        "`packs` names `{pack}`, which is not a loaded pack ({})",
                        known.join(", ")
                    ),
                ));
            }
        }
        let levels = std::iter::once(&self.rules).chain(self.overrides.iter().map(|o| &o.rules));
        for (id, level) in levels.flatten() {
            if rules.rule_or_concern(id).is_none() {
                errors.push(error(&level.origin, format!("`rules` names `{id}`, which is not a rule; run `concord rules` to list them")));
            }
        }
        errors
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads one file and what it extends: the file it extends first, this file layered over it.
fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Config, ConfigError> {
    let path = absolute(path);
    let text = std::fs::read_to_string(&path).map_err(|err| ConfigError {
        file: path.clone(),
        position: None,
        message: format!("cannot read this configuration file: {err}"),
    })?;
    let raw: RawConfig = toml::from_str(&text).map_err(|err| {
        ConfigError::at(&path, &text, err.span(), err.message().trim().to_string())
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let located = |span: std::ops::Range<usize>, message: String| {
        ConfigError::at(&path, &text, Some(span), message)
    };
    let mut config = Config::default();
    chain.push(path.clone());
    if let Some(extends) = &raw.extends {
        let parent = absolute(&base.join(extends.get_ref()));
        if chain.contains(&parent) {
            return Err(located(
                extends.span(),
                format!("`extends` loops back to {}", parent.display()),
            ));
        }
        if !parent.is_file() {
            return Err(located(
                extends.span(),
                format!("`extends` names {}, which does not exist", parent.display()),
            ));
        }
        config = load_chain(&parent, chain)?;
    }
    chain.pop();
    config.layer(read_layer(&path, &text, raw)?);
    Ok(config)
}

/// The settings of one configuration file, as a layer.
fn read_layer(path: &Path, text: &str, raw: RawConfig) -> Result<Config, ConfigError> {
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let origin = |span: std::ops::Range<usize>| {
        let at = ConfigError::at(path, text, Some(span), String::new());
        let (line, column) = at.position.unwrap_or((1, 1));
        Origin {
            file: path.to_path_buf(),
            line,
            column,
        }
    };
    let located = |span: std::ops::Range<usize>, message: String| {
        ConfigError::at(path, text, Some(span), message)
    };
    let mut config = Config {
        files: vec![path.to_path_buf()],
        ..Config::default()
    };

    if let Some(packs) = &raw.packs {
        config.packs = Some(Setting {
            value: packs
                .get_ref()
                .iter()
                .map(|p| p.get_ref().clone())
                .collect(),
            origin: origin(packs.span()),
        });
    }
    for pack in &raw.pack_paths {
        config.pack_paths.push(Setting {
            value: base.join(pack.get_ref()),
            origin: origin(pack.span()),
        });
    }
    let globs = |patterns: &[Spanned<String>]| -> Result<Option<Globs>, ConfigError> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = Glob::new(pattern.get_ref()).map_err(|err| {
                located(
                    pattern.span(),
                    format!("`{}` is not a valid glob: {err}", pattern.get_ref()),
                )
            })?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|err| located(patterns[0].span(), err.to_string()))?;
        let patterns = patterns
            .iter()
            .map(|p| Setting {
                value: p.get_ref().clone(),
                origin: origin(p.span()),
            })
            .collect();
        Ok(Some(Globs {
            base: base.clone(),
            patterns,
            set,
        }))
    };
    config.include.extend(globs(&raw.include)?);
    config.exclude.extend(globs(&raw.exclude)?);
    let levels = |table: &BTreeMap<Spanned<String>, Spanned<String>>| -> Result<BTreeMap<String, Setting<Level>>, ConfigError> {
        table
            .iter()
            .map(|(id, level)| {
                let value = parse_level(id.get_ref(), level.get_ref())
                    .map_err(|message| located(level.span(), message))?;
                Ok((id.get_ref().clone(), Setting { value, origin: origin(id.span()) }))
            })
            .collect()
    };
    config.rules.extend(levels(&raw.rules)?);
    config
        .allow
        .extend(raw.allow.phrases.iter().map(|p| Setting {
            value: p.get_ref().clone(),
            origin: origin(p.span()),
        }));
    for RawOverride {
        files,
        rules,
        allow,
    } in &raw.overrides
    {
        let Some(files) = globs(files)? else {
            continue;
        };
        config.overrides.push(Override {
            files,
            rules: levels(rules)?,
            allow: allow
                .phrases
                .iter()
                .map(|p| Setting {
                    value: p.get_ref().clone(),
                    origin: origin(p.span()),
                })
                .collect(),
        });
    }
    Ok(config)
}
