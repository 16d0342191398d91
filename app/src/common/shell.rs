//! Text a user can paste into a shell.

use std::path::Path;

/// A path as one shell word, quoted only when it needs to be, so a suggested command can be
/// pasted as is.
pub fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
