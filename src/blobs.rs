//! The content-addressed file store: every uploaded file is kept once, under
//! `DATA/files/ab/cd/<sha256>`, whatever its name and however often it is uploaded. A file is
//! written to `DATA/files/tmp/` first, flushed to disk, and renamed into place only when
//! complete, so a crash or a dropped connection never leaves a partial file under its hash.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

/// A file being received: written to a temporary path and hashed as it comes. Dropped without
/// `commit`, its temporary file is deleted.
pub struct Incoming {
    file: Option<tokio::fs::File>,
    temp: PathBuf,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    root: PathBuf,
}

/// A stored file.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    /// The first bytes, for sniffing the type.
    pub head: Vec<u8>,
}

impl Blobs {
    /// The store under `data_dir/files` (created on first write).
    pub fn new(data_dir: &Path) -> Blobs {
        Blobs {
            root: data_dir.join("files"),
        }
    }

    /// Where the file with this hash lives; `None` for anything but 64 lower-case hex digits,
    /// so no stored value can point outside the store.
    pub fn path(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| self.root.join(&sha256[..2]).join(&sha256[2..4]).join(sha256))
    }

    pub async fn read(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let path = self
            .path(sha256)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a SHA-256"))?;
        tokio::fs::read(path).await
    }

    /// Starts receiving a file.
    pub async fn incoming(&self) -> std::io::Result<Incoming> {
        let tmp = self.root.join("tmp");
        tokio::fs::create_dir_all(&tmp).await?;
        let temp = tmp.join(format!("{}.part", crate::auth::new_token()));
        let file = tokio::fs::File::create(&temp).await?;
        Ok(Incoming {
            file: Some(file),
            temp,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            root: self.root.clone(),
        })
    }
}

const HEAD_BYTES: usize = 64;

impl Incoming {
    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        match self.file.as_mut() {
            Some(f) => f.write_all(chunk).await,
            None => Err(std::io::Error::other("the file is closed")),
        }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Flushes the file to disk and moves it under its hash (keeping an existing copy).
    pub async fn commit(mut self) -> std::io::Result<Stored> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("the file is closed"))?;
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        let sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let dir = self.root.join(&sha256[..2]).join(&sha256[2..4]);
        tokio::fs::create_dir_all(&dir).await?;
        let target = dir.join(&sha256);
        if tokio::fs::try_exists(&target).await? {
            tokio::fs::remove_file(&self.temp).await?;
        } else {
            tokio::fs::rename(&self.temp, &target).await?;
            // The rename itself must survive a crash before the row that names it commits.
            tokio::fs::File::open(&dir).await?.sync_all().await?;
        }
        Ok(Stored {
            sha256,
            size: self.size,
            head: std::mem::take(&mut self.head),
        })
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_stored_once_under_its_hash_and_an_abandoned_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path());
        let mut a = blobs.incoming().await.unwrap();
        a.write(b"%PDF-1.5 hello").await.unwrap();
        let stored = a.commit().await.unwrap();
        assert_eq!(stored.size, 14);
        assert_eq!(blobs.read(&stored.sha256).await.unwrap(), b"%PDF-1.5 hello");
        let mut b = blobs.incoming().await.unwrap();
        b.write(b"%PDF-1.5 hello").await.unwrap();
        assert_eq!(b.commit().await.unwrap().sha256, stored.sha256);

        let mut c = blobs.incoming().await.unwrap();
        c.write(b"half a file").await.unwrap();
        drop(c);
        let tmp: Vec<_> = std::fs::read_dir(dir.path().join("files/tmp")).unwrap().collect();
        assert!(tmp.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn only_hashes_name_paths() {
        let blobs = Blobs::new(Path::new("/d"));
        assert!(blobs.path("../../etc/passwd").is_none());
        assert!(blobs.path(&"A".repeat(64)).is_none());
        assert!(blobs.path(&"a".repeat(64)).is_some());
    }
}
