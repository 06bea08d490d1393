//! The command line of `ote-server`: serve the API and the app, migrate the database, manage
//! users and API keys, load demo data. Every command first creates the database if it is
//! missing and applies the migrations.

use std::io::Read;

use crate::auth::Role;
use crate::auth::{api_keys, crew, hub_site, users};
use crate::http::router;
use crate::state::AppState;
use crate::{Config, db, demo};
use clap::{Parser, Subcommand};
use ote_shared::model::TipoSitio;

/// The parsed command line.
#[derive(Parser)]
#[command(
    name = "ote-server",
    version,
    about = "Servidor de OTE: API, sincronización e importaciones"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built app (the default).
    Serve,
    /// Create the database if missing and apply the migrations.
    Migrate,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API keys for integrations.
    Apikey {
        #[command(subcommand)]
        command: ApikeyCommand,
    },
    /// Load the demo catalogs and work orders into an empty database.
    SeedDemo,
    /// Mark the database as restored from a backup: run once after `pg_restore`, before any
    /// server starts on it. Devices that synced after the backup was taken then send
    /// everything again, so what the backup lacks comes back.
    Restored,
    /// Manage stored files.
    Blobs {
        #[command(subcommand)]
        command: BlobsCommand,
    },
    /// Manage the crew of a vessel's hub: the accounts that come down to it from shore.
    Crew {
        #[command(subcommand)]
        command: CrewCommand,
    },
}

#[derive(Subcommand)]
enum CrewCommand {
    /// Put a user on a hub's crew: the hub receives the account on its next sync.
    Add {
        /// The hub's shore account (role hub).
        #[arg(long)]
        hub: String,
        /// The user's login name.
        #[arg(long)]
        user: String,
    },
    /// Take a user off a hub's crew: the hub deactivates the account on its next sync.
    Remove {
        /// The hub's shore account (role hub).
        #[arg(long)]
        hub: String,
        /// The user's login name.
        #[arg(long)]
        user: String,
    },
    /// Set the vessel or platform a hub is on: its account sees that site's work orders.
    Site {
        /// The hub's shore account (role hub).
        #[arg(long)]
        hub: String,
        /// The site, as `embarcacion:ID` or `plataforma:ID`.
        #[arg(long, value_parser = parse_site)]
        sitio: (TipoSitio, i64),
    },
}

fn parse_site(text: &str) -> Result<(TipoSitio, i64), String> {
    TipoSitio::sitio_de_texto(text).ok_or_else(|| "se espera embarcacion:ID o plataforma:ID".into())
}

#[derive(Subcommand)]
enum BlobsCommand {
    /// Move the files an older version kept under `OTE_DATA_DIR/blobs` into PostgreSQL (run
    /// it on each machine that served uploads; safe to run again).
    Migrate,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password comes from --password or, without it, from standard input.
    Add {
        /// Login name.
        username: String,
        /// What the user may do.
        #[arg(long)]
        role: Role,
        /// The password (read from standard input when absent).
        #[arg(long)]
        password: Option<String>,
        /// The employee record of a field technician (what their devices receive).
        #[arg(long)]
        empleado: Option<i64>,
    },
    /// List the users: role, employee, active, last sign-in.
    List,
    /// Give a user another role.
    SetRole {
        /// Login name.
        username: String,
        /// The new role.
        role: Role,
    },
    /// Deactivate a user: their sessions end and their keys stop.
    Deactivate {
        /// Login name.
        username: String,
    },
    /// Let a deactivated user sign in again.
    Activate {
        /// Login name.
        username: String,
    },
    /// Set a user's password, read from standard input.
    Passwd {
        /// Login name.
        username: String,
    },
}

#[derive(Subcommand)]
enum ApikeyCommand {
    /// Create a key for a user; it is printed once, alone on the last line.
    Create {
        /// The user the key acts as.
        #[arg(long)]
        user: String,
    },
    /// List the keys (never the keys themselves): prefix, user, last use, revoked.
    List {
        /// Only this user's.
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a key by its id: it stops on its next request.
    Revoke {
        /// The key's id, as `apikey list` shows it.
        id: i64,
    },
}

/// Parses the command line and runs it, on a multi-threaded runtime.
pub fn main() -> anyhow::Result<()> {
    main_with(std::env::args())
}

/// Like [`main`] with the given arguments (the first is the program name).
pub fn main_with(args: impl IntoIterator<Item = String>) -> anyhow::Result<()> {
    tokio::runtime::Runtime::new()?.block_on(run(Cli::parse_from(args)))
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    init_logs(config.json_logs);
    let pool = db::connect_and_migrate(&config.database_url).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, pool).await?,
        Command::Migrate => println!("migraciones aplicadas"),
        Command::User { command } => user_command(&pool, command).await?,
        Command::Apikey { command } => apikey_command(&pool, command).await?,
        Command::Restored => {
            let epoch = crate::sync::epoch::mark_restore(&pool).await?;
            println!(
                "restauración registrada (la número {epoch}): las tabletas que sincronizaron después del respaldo reenviarán todo"
            );
        }
        Command::Blobs {
            command: BlobsCommand::Migrate,
        } => migrate_blobs(pool, &config).await?,
        Command::Crew { command } => crew_command(&pool, command).await?,
        Command::SeedDemo => {
            let seeded = demo::seed(&pool).await?;
            println!(
                "catálogos cargados: {}; órdenes de trabajo creadas: {}",
                seeded.catalogs, seeded.work_orders
            );
        }
    }
    Ok(())
}

/// Log lines on stderr, as text or (`OTE_LOG_FORMAT=json`) one JSON object per line; inside a
/// request, each carries the request's id (see `http::request_id`).
fn init_logs(json: bool) {
    // Automerge's own spans (every load and change) are info-level: formatting their fields
    // cost the server about a tenth of its time under load. RUST_LOG brings them back.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,automerge=warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        logs.json().try_init()
    } else {
        logs.try_init()
    };
}

async fn user_command(pool: &sqlx::PgPool, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            username,
            role,
            password,
            empleado,
        } => {
            let password = match password {
                Some(p) => p,
                None => read_password()?,
            };
            let id = users::add(pool, &username, role, &password).await?;
            if let Some(empleado) = empleado {
                users::link_empleado(pool, &username, empleado).await?;
            }
            println!("usuario «{username}» creado con id {id} y rol {role}");
        }
        UserCommand::List => {
            println!(
                "{:<6} {:<24} {:<8} {:<9} {:<7} último acceso",
                "id", "usuario", "rol", "empleado", "activo"
            );
            for c in users::list(pool).await? {
                let empleado = c.empleado_id.map(|e| e.to_string()).unwrap_or_default();
                let acceso = c
                    .ultimo_acceso
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_else(|| "nunca".into());
                let activo = if c.activo { "sí" } else { "no" };
                println!(
                    "{:<6} {:<24} {:<8} {:<9} {:<7} {acceso}",
                    c.id, c.usuario, c.rol, empleado, activo
                );
            }
        }
        UserCommand::SetRole { username, role } => {
            users::set_role(pool, users::id_of(pool, &username).await?, role).await?;
            println!("«{username}» ahora tiene el rol {role}");
        }
        UserCommand::Deactivate { username } => {
            users::set_active(pool, users::id_of(pool, &username).await?, false).await?;
            println!(
                "«{username}» desactivado: sus sesiones terminaron y sus claves dejan de valer"
            );
        }
        UserCommand::Activate { username } => {
            users::set_active(pool, users::id_of(pool, &username).await?, true).await?;
            println!("«{username}» activado");
        }
        UserCommand::Passwd { username } => {
            let password = read_password()?;
            users::set_password(pool, users::id_of(pool, &username).await?, Some(&password))
                .await?;
            println!("contraseña de «{username}» cambiada");
        }
    }
    Ok(())
}

async fn apikey_command(pool: &sqlx::PgPool, command: ApikeyCommand) -> anyhow::Result<()> {
    match command {
        ApikeyCommand::Create { user } => {
            let key = api_keys::create(pool, &user).await?;
            println!("Clave de API para «{user}» (se muestra una sola vez):");
            println!("{key}");
        }
        ApikeyCommand::List { user } => {
            println!(
                "{:<6} {:<14} {:<24} {:<26} estado",
                "id", "prefijo", "usuario", "último uso"
            );
            for k in api_keys::list(pool, user.as_deref()).await? {
                let uso = k
                    .ultimo_uso
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_else(|| "nunca".into());
                let estado = k
                    .revocada
                    .map(|t| format!("revocada {}", t.to_rfc3339()))
                    .unwrap_or_else(|| "activa".into());
                println!(
                    "{:<6} {:<14} {:<24} {:<26} {estado}",
                    k.id, k.prefijo, k.usuario, uso
                );
            }
        }
        ApikeyCommand::Revoke { id } => {
            api_keys::revoke(pool, id).await?;
            println!("clave {id} revocada");
        }
    }
    Ok(())
}

async fn crew_command(pool: &sqlx::PgPool, command: CrewCommand) -> anyhow::Result<()> {
    match command {
        CrewCommand::Add { hub, user } => {
            crew::add(pool, &hub, &user).await?;
            println!("«{user}» está en la tripulación de «{hub}»");
        }
        CrewCommand::Remove { hub, user } => {
            crew::remove(pool, &hub, &user).await?;
            println!("«{user}» ya no está en la tripulación de «{hub}»");
        }
        CrewCommand::Site { hub, sitio } => {
            hub_site::set(pool, &hub, sitio).await?;
            println!("«{hub}» ve las órdenes de {}:{}", sitio.0.clave(), sitio.1);
        }
    }
    Ok(())
}

async fn migrate_blobs(pool: sqlx::PgPool, config: &Config) -> anyhow::Result<()> {
    let store = crate::blobs::BlobStore::of(pool, config)?;
    let report = crate::blobs::migrate::from_disk(&store).await?;
    match &config.s3_bucket {
        Some(bucket) => println!("archivos movidos al bucket {bucket}: {}", report.moved),
        None => println!("archivos movidos a PostgreSQL: {}", report.moved),
    }
    for sha256 in &report.missing {
        println!("no está en este disco: {sha256}");
    }
    for sha256 in &report.damaged {
        println!(
            "dañado (su contenido no corresponde a su SHA-256), se deja en el disco: {sha256}"
        );
    }
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    Ok(input.lines().next().unwrap_or_default().to_owned())
}

async fn serve(config: Config, pool: sqlx::PgPool) -> anyhow::Result<()> {
    if let Some(password) = users::ensure_admin(&pool, config.admin_password.as_deref()).await? {
        tracing::warn!(
            "se creó el usuario admin con la contraseña «{password}»: cámbiela y guárdela, no se volverá a mostrar"
        );
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    tracing::info!(address = %listener.local_addr()?, "OTE escuchando");
    let grace = config.shutdown_grace;
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let installation = crate::store::installation::id(&pool).await?;
    let state = AppState::new(pool.clone(), installation, config, stopping)?;
    state.events.listen(pool.clone());
    if let Some(upstream) = state.config.upstream.clone() {
        tracing::info!(upstream = %upstream.url, "hub: sincroniza con tierra");
        crate::upstream::start(state.clone(), upstream)?;
    }
    crate::imports::jobs::sweep_interrupted(pool.clone());
    // The client's address feeds the sign-in limit per client (see `sessions`).
    let app = router(state.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    // Told to stop, the server takes no new connections and waits for the requests in flight
    // (a sync's merges, an upload) to be answered; event streams end at once.
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            stop_requested().await;
            tracing::info!("deteniéndose: se terminan las peticiones en curso");
            let _ = stop.send(true);
        })
        .await?;
    let cut = state.imports.drain(&pool, grace).await?;
    if cut > 0 {
        tracing::warn!(
            importaciones = cut,
            "importaciones interrumpidas al detenerse"
        );
    }
    Ok(())
}

/// SIGTERM (what a service manager or an orchestrator sends) or Ctrl-C.
async fn stop_requested() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("a SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
