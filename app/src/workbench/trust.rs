//! `pack trust`: approve a built pack library in the packs.lock beside it.

use crate::common::failure::Failure;
use crate::host::{default_approver, hex, lock_path, trust, TrustError};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct PackTrustArgs {
    /// The pack library to approve.
    pub library: PathBuf,
    /// Who approves it (default: the current user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

pub fn command(args: &PackTrustArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let by = args.by.clone().unwrap_or_else(default_approver);
    let entry = trust(&args.library, &by).map_err(|error| match error {
        TrustError::Lock(input) => Failure::Input(input),
        other => Failure::Pack(other.to_string()),
    })?;
    let lock = lock_path(args.library.parent().unwrap_or(Path::new(".")));
    writeln!(
        out,
        "trusted {} (edition {}) sha256 {} in {}, approved by {}",
        entry.id,
        entry.edition,
        hex(&entry.sha256),
        lock.display(),
        entry.approved_by
    )?;
    Ok(())
}
