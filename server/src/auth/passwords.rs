//! Password hashes (argon2, PHC strings), computed on blocking threads and a few at a time.

/// Password hashes computed at once: argon2 takes some 19 MiB each, so a burst of sign-ins
/// waits its turn instead of exhausting memory.
pub const MAX_CONCURRENT_HASHES: usize = 4;

static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(MAX_CONCURRENT_HASHES);

/// The argon2 hash of a password (PHC string), computed on a blocking thread.
pub async fn hash(password: String) -> String {
    let _turn = turn().await.expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .expect("hashing does not panic")
}

/// Whether `password` is the one `hash` was made of, checked on a blocking thread.
pub async fn verify(password: String, hash: String) -> bool {
    let Ok(_turn) = turn().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .unwrap_or(false)
}

/// A turn to compute a password hash (see [`MAX_CONCURRENT_HASHES`]).
async fn turn() -> Result<tokio::sync::SemaphorePermit<'static>, tokio::sync::AcquireError> {
    HASHING.acquire().await
}
