//! Who may do what: the five roles, the unit a user belongs to, password hashing (argon2id,
//! PHC strings) and session tokens. Plain functions and types: the store keeps users and
//! sessions, `http::auth` reads them from requests, and neither decides a permission
//! anywhere but here.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The roles of DESIGN.md, with their stable ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 主办民警: uploads and re-uploads the dossiers of their unit.
    Officer,
    /// 法制员: reviews the dossiers of their unit.
    UnitLegal,
    /// 法制大队: reviews across all units.
    BureauLegal,
    /// 局领导: reads everything, reviews nothing.
    Leader,
    /// Manages users; reads everything.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Officer,
        Role::UnitLegal,
        Role::BureauLegal,
        Role::Leader,
        Role::Admin,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::UnitLegal => "unit_legal",
            Role::BureauLegal => "bureau_legal",
            Role::Leader => "leader",
            Role::Admin => "admin",
        }
    }

    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Officers and unit legal officers work inside one unit and must belong to one.
    pub fn is_unit_bound(self) -> bool {
        matches!(self, Role::Officer | Role::UnitLegal)
    }

    /// May upload dossiers (for their own unit).
    pub fn can_upload(self) -> bool {
        matches!(self, Role::Officer | Role::UnitLegal)
    }

    /// May confirm, reject, add and undo defects.
    pub fn can_review(self) -> bool {
        matches!(self, Role::UnitLegal | Role::BureauLegal)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A signed-in user, as every permission check sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// The unit's id and code, for unit-bound roles (and optionally others).
    pub unit_id: Option<i64>,
    pub unit: Option<String>,
}

impl User {
    /// The unit whose dossiers this user may see; `None` means every unit.
    pub fn scope(&self) -> Scope {
        if self.role.is_unit_bound() {
            // A unit-bound user without a unit sees nothing (unit id 0 never exists).
            Scope::Unit(self.unit_id.unwrap_or(0))
        } else {
            Scope::All
        }
    }
}

/// Which dossiers a reader may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Unit(i64),
}

impl Scope {
    /// The unit to filter on, for queries: `None` means no filter.
    pub fn unit_id(self) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Unit(id) => Some(id),
        }
    }

    pub fn allows(self, unit_id: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Unit(id) => id == unit_id,
        }
    }
}

#[derive(Debug, Error)]
pub enum AuthError {
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("the password must be at least {0} characters")]
    WeakPassword(usize),
}

pub const MIN_PASSWORD_CHARS: usize = 8;

/// An argon2id hash with a random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::WeakPassword(MIN_PASSWORD_CHARS));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Whether `password` matches the stored PHC string (false for a malformed one).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// A hash that no password matches, verified when the user does not exist so that a wrong
/// user name takes as long as a wrong password.
pub fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let _ = verify_password(password, phc);
}

/// A new session token: 32 random bytes, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the store keeps of a token: its SHA-256, hex.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("correct horsf", &h));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(hash_password("short"), Err(AuthError::WeakPassword(_))));
    }

    #[test]
    fn tokens_are_random_and_stored_as_digests() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_digest(&a).len(), 64);
        assert_ne!(token_digest(&a), a);
    }

    #[test]
    fn role_ids_round_trip_and_only_unit_roles_are_scoped() {
        for r in Role::ALL {
            assert_eq!(Role::from_id(r.id()), Some(r));
        }
        let officer = User {
            id: 1,
            username: "o".into(),
            role: Role::Officer,
            unit_id: Some(7),
            unit: Some("u7".into()),
        };
        assert_eq!(officer.scope(), Scope::Unit(7));
        let leader = User {
            role: Role::Leader,
            ..officer
        };
        assert_eq!(leader.scope(), Scope::All);
        assert!(!Role::Leader.can_review() && Role::BureauLegal.can_review());
    }
}
