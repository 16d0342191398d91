//! The pack author's workbench: `pack new`, `pack test`, `pack check`, `pack diff` and
//! `pack trust`. The golden-case runner they share is [`crate::cases`], below them and the
//! dashboard alike.

pub mod check;
pub mod diff;
pub mod scaffold;
pub mod sweep;
pub mod test;
pub mod trust;

use crate::common::failure::Failure;
use crate::context::Context;
use crate::host::{is_pack_file, LoadedPack, PackSet};
use std::path::Path;

/// Resolves PACK arguments, reading the pack directories only when some argument is an id.
pub fn resolve_packs(cx: &Context, args: &[&str]) -> Result<Vec<LoadedPack>, Failure> {
    let set = if args.iter().all(|arg| is_pack_file(Path::new(arg))) {
        PackSet::default()
    } else {
        cx.load_packs()?
    };
    args.iter().map(|arg| cx.resolve_pack(&set, arg)).collect()
}
