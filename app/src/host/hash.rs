//! SHA-256 of pack files: what packs.lock approves and what reloads compare.

use sha2::{Digest, Sha256};

/// SHA-256 of a pack file.
pub type FileHash = [u8; 32];

pub fn hash_bytes(bytes: &[u8]) -> FileHash {
    Sha256::digest(bytes).into()
}

/// Short hex form of a hash for messages.
pub fn short_hash(hash: &FileHash) -> String {
    hash.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Lowercase hex of a hash, as `sha256sum` prints it.
pub fn hex(hash: &FileHash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash a 64-character lowercase hex text stands for.
pub fn parse_hex(text: &str) -> Option<FileHash> {
    let digits = text.as_bytes();
    let lower_hex = |c: &u8| c.is_ascii_digit() || (b'a'..=b'f').contains(c);
    if digits.len() != 64 || !digits.iter().all(lower_hex) {
        return None;
    }
    let mut hash = [0u8; 32];
    for (byte, pair) in hash.iter_mut().zip(digits.chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(hash)
}
