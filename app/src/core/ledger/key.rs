//! The ledger's key and how person identifiers become keyed hashes.
//!
//! The ledger never stores a person identifier. It stores HMAC-SHA-256(key, identifier), with a
//! 32-byte random key kept in a file beside the ledger (`<ledger>.key`, mode 0600). Without the
//! key nobody can test whether a given identifier is in the ledger (a plain hash of an ID number
//! could be found by trying every ID), so the ledger can go to an auditor on its own; with the
//! key, the same identifier always gives the same hash, which is what de-duplication needs.
//!
//! **Normalisation: surrounding white space is trimmed; nothing else.** Case, Unicode forms and
//! inner spaces are kept byte for byte. Any folding (upper/lower case, NFKC) could make two
//! different people's identifiers equal in some source system and count them once: that is an
//! under-count, the dangerous direction (a more lenient route than the law gives). Not folding
//! can only count one person twice when a source writes their identifier two ways: an
//! over-count, the safe direction, which the source can fix by writing identifiers one way
//! (for example the check digit `X` of a resident identity number always upper case).

use crate::common::private_file::{check_private, create_private, is_disk_full, not_a_file};
use crate::common::shell::shell_word;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

type HmacSha256 = Hmac<Sha256>;

/// What the key check in the ledger is computed over: a fixed message, so the ledger can tell
/// whether a key file is its own without storing the key.
const KEY_CHECK_MESSAGE: &[u8] = b"ftzroute ledger key check v1";

/// The keyed hash of a person.
pub type PersonHash = [u8; 32];

/// A ledger's key, ready to hash identifiers.
#[derive(Clone)]
pub struct LedgerKey {
    path: PathBuf,
    mac: HmacSha256,
}

/// Why a key file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Why a key could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyCreateError {
    /// No room on the disk for it (nothing was left behind).
    DiskFull(KeyError),
    Other(KeyError),
}

/// `<ledger>.key`: where a ledger's key lives.
pub fn key_path(ledger: &Path) -> PathBuf {
    let mut name = ledger.as_os_str().to_os_string();
    name.push(".key");
    PathBuf::from(name)
}

/// The identifier as hashed: trimmed of surrounding white space, otherwise unchanged (see the
/// module documentation). `None` when nothing is left.
pub fn normalise_person(raw: &str) -> Option<&str> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

pub fn to_hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).ok())
        .collect()
}

impl LedgerKey {
    fn from_bytes(path: &Path, bytes: &[u8]) -> LedgerKey {
        LedgerKey {
            path: path.to_path_buf(),
            mac: HmacSha256::new_from_slice(bytes).expect("HMAC takes a key of any length"),
        }
    }

    /// Reads the key of `ledger`; `Ok(None)` when there is no key file.
    pub fn load(ledger: &Path) -> Result<Option<LedgerKey>, KeyError> {
        let path = key_path(ledger);
        let refuse = |message: String| KeyError {
            path: path.clone(),
            message,
        };
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Ok(meta) => {
                if let Some(kind) = not_a_file(&meta) {
                    return Err(refuse(format!(
                        "this is {kind}, not a ledger key: the key is a file of 64 hexadecimal \
                         digits; move it away (the first import creates the key when the ledger \
                         has none yet)"
                    )));
                }
            }
            Err(_) => {}
        }
        match check_private(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(refuse(format!("cannot read the ledger key: {e}"))),
            Ok(Err(open)) => {
                return Err(refuse(format!(
                    "the ledger key is {}; a key others can read lets them recognise the persons \
                     in the ledger, so it is refused (fix: {})",
                    open.problem, open.fix
                )))
            }
            Ok(Ok(())) => {}
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| refuse(format!("cannot read the ledger key: {e}")))?;
        if text.trim().is_empty() {
            // Written by a version that wrote the key in place, on a full disk: the key never
            // reached the disk.
            return Err(refuse(format!(
                "the ledger key is empty: it was never written whole (was the disk full?); if \
                 no import into {ledger} has succeeded yet (`ftzroute ledger counts` lists \
                 none), remove {key} and import again, which creates a new key; otherwise \
                 restore {key} from a backup, as the persons already in the ledger can only be \
                 matched with their own key",
                ledger = ledger.display(),
                key = shell_word(&path),
            )));
        }
        let bytes = from_hex(text.trim())
            .filter(|bytes| bytes.len() == 32)
            .ok_or_else(|| {
                refuse("not a ledger key (expected 64 hexadecimal digits)".to_string())
            })?;
        Ok(Some(LedgerKey::from_bytes(&path, &bytes)))
    }

    /// Makes a new random key for `ledger` and writes it, mode 0600, all or nothing (see
    /// [`create_private`]). When another process created the key first, that key is read and
    /// returned instead: `Ok((key, false))`. A key is never replaced.
    pub fn create(ledger: &Path) -> Result<(LedgerKey, bool), KeyCreateError> {
        let path = key_path(ledger);
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| {
            KeyCreateError::Other(KeyError {
                path: path.clone(),
                message: format!("no random numbers for a new key: {e}"),
            })
        })?;
        match create_private(&path, format!("{}\n", to_hex(&bytes)).as_bytes()) {
            Ok(()) => Ok((LedgerKey::from_bytes(&path, &bytes), true)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                match LedgerKey::load(ledger).map_err(KeyCreateError::Other)? {
                    Some(key) => Ok((key, false)),
                    None => Err(KeyCreateError::Other(KeyError {
                        path: path.clone(),
                        message: "the ledger key appeared and went while it was being created; \
                                  import again"
                            .into(),
                    })),
                }
            }
            Err(e) => {
                let error = KeyError {
                    path: path.clone(),
                    message: format!("cannot create the ledger key: {e}"),
                };
                Err(if is_disk_full(&e) {
                    KeyCreateError::DiskFull(KeyError {
                        message: format!(
                            "{}; nothing was written: free some space and import again",
                            error.message
                        ),
                        ..error
                    })
                } else {
                    KeyCreateError::Other(error)
                })
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The keyed hash of a normalised identifier.
    pub fn hash(&self, person: &str) -> PersonHash {
        let mut mac = self.mac.clone();
        mac.update(person.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A value the ledger keeps to recognise its own key (an HMAC of a fixed message: it tells
    /// nothing of the key).
    pub fn check_value(&self) -> String {
        let mut mac = self.mac.clone();
        mac.update(KEY_CHECK_MESSAGE);
        to_hex(&mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_surrounding_white_space_is_normalised() {
        assert_eq!(normalise_person("  P-001\t"), Some("P-001"));
        assert_eq!(normalise_person("\u{3000}张三\u{3000}"), Some("张三"));
        assert_eq!(normalise_person(" \t "), None);
        // Case and inner spaces are identity: never merged.
        assert_ne!(normalise_person("abc"), normalise_person("ABC"));
        assert_eq!(normalise_person("a b"), Some("a b"));
    }

    #[test]
    fn a_key_hashes_stably_and_two_keys_differ() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("l.sqlite");
        assert!(LedgerKey::load(&ledger).unwrap().is_none());
        let (key, created) = LedgerKey::create(&ledger).unwrap();
        assert!(created);
        let again = LedgerKey::load(&ledger).unwrap().unwrap();
        assert_eq!(key.hash("P-1"), again.hash("P-1"));
        assert_ne!(key.hash("P-1"), key.hash("p-1"));
        assert_eq!(key.check_value(), again.check_value());
        let (joined, created) = LedgerKey::create(&ledger).unwrap();
        assert!(!created, "an existing key is kept");
        assert_eq!(joined.check_value(), key.check_value(), "and used");
        let (other, _) = LedgerKey::create(&dir.path().join("m.sqlite")).unwrap();
        assert_ne!(key.hash("P-1"), other.hash("P-1"));
        assert_ne!(key.check_value(), other.check_value());
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_can_read_is_refused_and_a_damaged_one_too() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("l.sqlite");
        LedgerKey::create(&ledger).unwrap();
        let path = key_path(&ledger);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = LedgerKey::load(&ledger).err().unwrap();
        assert!(error.message.contains("chmod 600"), "{error}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(&path, "not hex\n").unwrap();
        let error = LedgerKey::load(&ledger).err().unwrap();
        assert!(error.message.contains("64 hexadecimal"), "{error}");
        std::fs::write(&path, "").unwrap();
        let error = LedgerKey::load(&ledger).err().unwrap();
        assert!(error.message.contains("the ledger key is empty"), "{error}");
        assert!(error.message.contains("remove"), "{error}");
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let error = LedgerKey::load(&ledger).err().unwrap();
        assert!(error.message.contains("this is a directory"), "{error}");
        assert!(!error.message.contains("mode"), "{error}");
    }
}
