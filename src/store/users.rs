//! Units, users and login sessions.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, is_unique_violation, now_ms};
use crate::auth::{Role, User};

/// A user with the hash to check a password against.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get(2)?;
    Ok(User {
        id: row.try_get(0)?,
        username: row.try_get(1)?,
        role: Role::from_id(&role).ok_or_else(|| StoreError::corrupt("user role", &role))?,
        unit_id: row.try_get(3)?,
        unit: row.try_get(4)?,
    })
}

impl Store {
    /// The id of unit `code`, created (named after its code) if it does not exist yet.
    pub async fn ensure_unit(&self, code: &str, name: Option<&str>) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO units (code, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
        )
        .bind(code)
        .bind(name.unwrap_or(code))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
            .bind(code)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The id of unit `code`, if it exists.
    pub async fn unit_id(&self, code: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Adds a user; `Conflict` if the name is taken.
    pub async fn add_user(
        &self,
        username: &str,
        password_hash: &str,
        role: Role,
        unit_id: Option<i64>,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO users (username, password_hash, role, unit_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(username)
        .bind(password_hash)
        .bind(role.id())
        .bind(unit_id)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict(format!("the user {username} exists already"))
            } else {
                e.into()
            }
        })?;
        Ok(id)
    }

    /// Replaces a user's password hash (for `dossier user add` on an existing name).
    pub async fn set_password(&self, username: &str, password_hash: &str) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
            .bind(password_hash)
            .bind(username)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn credentials(&self, username: &str) -> Result<Option<Credentials>, StoreError> {
        const SQL: &str = "SELECT u.id, u.username, u.role, u.unit_id, n.code, u.password_hash \
             FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.username = $1";
        let Some(row) = sqlx::query(SQL).bind(username).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        Ok(Some(Credentials {
            user: user_from_row(&row)?,
            password_hash: row.try_get(5)?,
        }))
    }

    /// Records a session whose token has SHA-256 `token_digest`. Expired sessions are
    /// deleted on the way, so the table holds live sessions only.
    pub async fn create_session(
        &self,
        token_digest: &str,
        user_id: i64,
        ttl_ms: i64,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_digest)
        .bind(user_id)
        .bind(now)
        .bind(now.saturating_add(ttl_ms))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The user of a live session, if the token is known and not expired.
    pub async fn session_user(&self, token_digest: &str) -> Result<Option<User>, StoreError> {
        const SQL: &str = "SELECT u.id, u.username, u.role, u.unit_id, n.code FROM sessions s \
             JOIN users u ON u.id = s.user_id LEFT JOIN units n ON n.id = u.unit_id \
             WHERE s.token_sha256 = $1 AND s.expires_at > $2";
        let row = sqlx::query(SQL)
            .bind(token_digest)
            .bind(now_ms())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn delete_session(&self, token_digest: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(token_digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
