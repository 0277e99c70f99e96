//! The effective configuration for a file: every file of an `extends` chain merged, each value
//! remembering where it was set.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use concord_engine::{Policy, RuleSet, Severity};
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
        let mut config = Config::default();
        load_into(path, &mut config, &mut Vec::new())?;
        Ok(config)
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

    /// The checking policy for `file`: pack selection, rule levels, overrides and allowed phrases.
    pub fn policy(&self, file: &Path, rules: &RuleSet) -> Policy {
        let mut policy = Policy::new();
        if let Some(packs) = &self.packs {
            for rule in rules
                .rules()
                .iter()
                .filter(|r| !packs.value.contains(&r.pack))
            {
                policy.set_severity(&rule.id, None);
            }
        }
        let overrides: Vec<&Override> = self.overrides_for(file).collect();
        let levels = std::iter::once(&self.rules).chain(overrides.iter().map(|o| &o.rules));
        for (id, level) in levels.flatten() {
            policy.set_severity(id, level.value);
        }
        let phrases = self
            .allow
            .iter()
            .chain(overrides.iter().flat_map(|o| &o.allow));
        policy.allow(phrases.map(|p| p.value.as_str()));
        policy
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
            let known: Vec<&str> = rules.packs().map(|(name, _)| name).collect();
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
            if rules.rule(id).is_none() {
                errors.push(error(&level.origin, format!("`rules` names `{id}`, which is not a rule; run `concord rules` to list them")));
            }
        }
        errors
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads one file into `config`, its `extends` first so that this file's values win.
fn load_into(
    path: &Path,
    config: &mut Config,
    chain: &mut Vec<PathBuf>,
) -> Result<(), ConfigError> {
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
    let origin = |span: std::ops::Range<usize>| {
        let at = ConfigError::at(&path, &text, Some(span), String::new());
        let (line, column) = at.position.unwrap_or((1, 1));
        Origin {
            file: path.clone(),
            line,
            column,
        }
    };
    let located = |span: std::ops::Range<usize>, message: String| {
        ConfigError::at(&path, &text, Some(span), message)
    };

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
        load_into(&parent, config, chain)?;
    }
    chain.pop();
    config.files.insert(0, path.clone());

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
                let value = match level.get_ref().as_str() {
                    "off" => None,
                    other => Some(other.parse::<Severity>().map_err(|_| {
                        located(level.span(), format!("rules.\"{}\" = \"{other}\": use \"off\", \"hint\", \"info\", \"warning\" or \"error\"", id.get_ref()))
                    })?),
                };
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
    Ok(())
}
