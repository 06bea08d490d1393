//! Why an import failed: a stable code for the API, a Spanish message for people, and the bad
//! rows when there are any.

pub use ote_shared::api::RowError;

/// Everything an import can fail with. Nothing is written when an import fails.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a file of the kind the route imports.
    #[error("{0}")]
    UnsupportedType(String),
    /// A zip, compound file or XML that cannot be read.
    #[error("El archivo está dañado o incompleto ({0})")]
    Corrupt(String),
    /// A zip that expands far beyond what a real workbook does (a zip bomb).
    #[error("El archivo se descomprime a más de {limit_mib} MiB; no se procesa")]
    Bomb {
        /// The limit on the expanded size.
        limit_mib: u64,
    },
    /// A workbook without any data.
    #[error("El libro no tiene datos")]
    Empty,
    /// No worksheet has the Anexo C header row.
    #[error(
        "Ninguna hoja tiene el encabezado del Anexo C (partida, descripción, cantidad, precio unitario)"
    )]
    NoHeader,
    /// Header found but no item under it.
    #[error("El libro tiene el encabezado del Anexo C pero ninguna partida")]
    NoItems,
    /// More rows (or tasks) than the configured limit.
    #[error("El archivo tiene más de {limit} filas o tareas, el límite configurado")]
    TooManyRows {
        /// The limit.
        limit: u64,
    },
    /// Rows that are not valid items or whose stated totals do not add up.
    #[error("{} filas con errores; corrija el archivo e impórtelo de nuevo", .0.len())]
    BadRows(Vec<RowError>),
    /// A schedule file that is not MS Project XML.
    #[error("El XML no es un cronograma de MS Project válido ({0})")]
    InvalidXml(String),
    /// A schedule without tasks.
    #[error("El cronograma no tiene tareas")]
    EmptySchedule,
    /// Predecessor links that loop.
    #[error("Las predecesoras forman un ciclo entre las tareas {0:?}")]
    Cycle(Vec<i64>),
    /// A link to a task the schedule does not have.
    #[error("La tarea {task} tiene como predecesora la tarea {predecessor}, que no existe")]
    MissingPredecessor {
        /// The task's UID.
        task: i64,
        /// The missing UID.
        predecessor: i64,
    },
    /// `.mpp`, `.mpt` or `.mpx` without Java and MPXJ on the server.
    #[error(
        "El servidor no tiene Java y MPXJ para leer archivos .mpp, .mpt y .mpx; exporte el cronograma como XML de MS Project"
    )]
    ConverterMissing,
    /// MPXJ could not read the file.
    #[error("No se pudo convertir el archivo de MS Project ({0})")]
    ConversionFailed(String),
    /// MPXJ took longer than allowed.
    #[error("La conversión del archivo de MS Project tardó más de {0} s")]
    ConversionTimeout(u64),
    /// The same file finished importing into the same work order meanwhile.
    #[error("Este archivo ya se importó en esta OT")]
    AlreadyImported,
    /// The server failed (database, disk); logged, never detailed to the caller.
    #[error("Error interno del servidor")]
    Internal(String),
}

impl ImportError {
    /// The stable code of the API and the import record.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::UnsupportedType(_) => "tipo_archivo_invalido",
            ImportError::Corrupt(_) => "archivo_corrupto",
            ImportError::Bomb { .. } => "archivo_sospechoso",
            ImportError::Empty => "libro_vacio",
            ImportError::NoHeader => "encabezado_no_encontrado",
            ImportError::NoItems => "sin_partidas",
            ImportError::TooManyRows { .. } => "demasiadas_filas",
            ImportError::BadRows(_) => "filas_invalidas",
            ImportError::InvalidXml(_) => "xml_invalido",
            ImportError::EmptySchedule => "cronograma_vacio",
            ImportError::Cycle(_) => "ciclo_en_predecesoras",
            ImportError::MissingPredecessor { .. } => "predecesora_inexistente",
            ImportError::ConverterMissing => "java_no_disponible",
            ImportError::ConversionFailed(_) => "conversion_fallida",
            ImportError::ConversionTimeout(_) => "conversion_tiempo_agotado",
            ImportError::AlreadyImported => "ya_importado",
            ImportError::Internal(_) => "error_interno",
        }
    }

    /// The rows to show with the error (empty unless [`ImportError::BadRows`]).
    pub fn rows(&self) -> &[RowError] {
        match self {
            ImportError::BadRows(rows) => rows,
            _ => &[],
        }
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Internal(e.to_string())
    }
}
