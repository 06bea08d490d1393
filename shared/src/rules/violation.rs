use serde::{Deserialize, Serialize};

/// Every rule a change can break, as a stable code (its snake_case name in JSON and notices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // each variant's meaning is its message below
pub enum Code {
    FolioRequerido,
    OficioRequerido,
    DescripcionRequerida,
    ResponsableProyectoRequerido,
    ResponsableClienteRequerido,
    TextoDemasiadoLargo,
    TransicionEstatusInvalida,
    ComentarioRequerido,
    PasosPendientes,
    OtEliminada,
    OtCerrada,
    EstadoRegistroInvalido,
    ReprogramacionSinPrincipal,
    PrincipalNoExiste,
    PrincipalNoValida,
    PrincipalNoInicial,
    NumReprogramacionIncorrecto,
    InicialConPrincipal,
    PatioSinFase,
    FasePatioSinPatio,
    FechasPatioSinPatio,
    FechasInvertidas,
    MontoNegativo,
    MontoDecimales,
    MontoDemasiadoGrande,
    PlazoNegativo,
    PasoTransicionInvalida,
    PteDesconocida,
    PteDeOtroCliente,
    SinPermiso,
}

impl Code {
    /// The stable code as text, as the API and notices carry it.
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            FolioRequerido => "folio_requerido",
            OficioRequerido => "oficio_requerido",
            DescripcionRequerida => "descripcion_requerida",
            ResponsableProyectoRequerido => "responsable_proyecto_requerido",
            ResponsableClienteRequerido => "responsable_cliente_requerido",
            TextoDemasiadoLargo => "texto_demasiado_largo",
            TransicionEstatusInvalida => "transicion_estatus_invalida",
            ComentarioRequerido => "comentario_requerido",
            PasosPendientes => "pasos_pendientes",
            OtEliminada => "ot_eliminada",
            OtCerrada => "ot_cerrada",
            EstadoRegistroInvalido => "estado_registro_invalido",
            ReprogramacionSinPrincipal => "reprogramacion_sin_principal",
            PrincipalNoExiste => "principal_no_existe",
            PrincipalNoValida => "principal_no_valida",
            PrincipalNoInicial => "principal_no_inicial",
            NumReprogramacionIncorrecto => "num_reprogramacion_incorrecto",
            InicialConPrincipal => "inicial_con_principal",
            PatioSinFase => "patio_sin_fase",
            FasePatioSinPatio => "fase_patio_sin_patio",
            FechasPatioSinPatio => "fechas_patio_sin_patio",
            FechasInvertidas => "fechas_invertidas",
            MontoNegativo => "monto_negativo",
            MontoDecimales => "monto_decimales",
            MontoDemasiadoGrande => "monto_demasiado_grande",
            PlazoNegativo => "plazo_negativo",
            PasoTransicionInvalida => "paso_transicion_invalida",
            PteDesconocida => "pte_desconocida",
            PteDeOtroCliente => "pte_de_otro_cliente",
            SinPermiso => "sin_permiso",
        }
    }

    /// The Spanish message users read when no more specific one is given.
    pub fn message(self) -> &'static str {
        use Code::*;
        match self {
            FolioRequerido => "El Folio de la OT es obligatorio",
            OficioRequerido => "El oficio de la OT es obligatorio",
            DescripcionRequerida => "La descripción del trabajo es obligatoria",
            ResponsableProyectoRequerido => "El responsable del proyecto es obligatorio",
            ResponsableClienteRequerido => "El responsable del cliente es obligatorio",
            TextoDemasiadoLargo => "El texto es demasiado largo",
            TransicionEstatusInvalida => "Ese cambio de estatus de la OT no está permitido",
            ComentarioRequerido => "Este cambio de estatus requiere un comentario",
            PasosPendientes => "No se puede terminar la OT mientras tenga pasos sin terminar",
            OtEliminada => "La OT está eliminada y ya no admite cambios",
            OtCerrada => {
                "La OT está terminada, confirmada o cancelada: sus pasos ya no admiten cambios"
            }
            EstadoRegistroInvalido => "Ese cambio de estado del registro no está permitido",
            ReprogramacionSinPrincipal => "Una reprogramación debe indicar su OT principal",
            PrincipalNoExiste => "La OT principal indicada no existe",
            PrincipalNoValida => "La OT principal está eliminada o cancelada",
            PrincipalNoInicial => "La OT principal debe ser una OT inicial (tipo 4)",
            NumReprogramacionIncorrecto => {
                "El número de reprogramación no es el siguiente de la cadena"
            }
            InicialConPrincipal => {
                "Una OT inicial no tiene OT principal ni número de reprogramación"
            }
            PatioSinFase => "En un frente costa afuera el patio sólo se asigna con fase de patio",
            FasePatioSinPatio => "La fase de patio requiere un patio",
            FechasPatioSinPatio => "Las fechas de patio requieren un patio",
            FechasInvertidas => "La fecha de término no puede ser anterior a la de inicio",
            MontoNegativo => "El monto no puede ser negativo",
            MontoDecimales => "El monto admite a lo más dos decimales",
            MontoDemasiadoGrande => "El monto excede el máximo permitido",
            PlazoNegativo => "El plazo en días no puede ser negativo",
            PasoTransicionInvalida => "Ese cambio de estatus del paso no está permitido",
            PteDesconocida => "La PTE indicada no está en el catálogo",
            PteDeOtroCliente => "La PTE indicada es de otro cliente",
            SinPermiso => "Su rol no permite modificar este campo",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule: which, on which field, and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Violation {
    /// The stable code.
    pub code: Code,
    /// The field it concerns, as a path: `monto_mxn`, `pasos.<id>.fecha_termino`.
    pub field: String,
    /// The Spanish message.
    pub message: String,
}

impl Violation {
    /// A violation with the code's own message.
    pub fn new(code: Code, field: impl Into<String>) -> Self {
        Violation {
            code,
            field: field.into(),
            message: code.message().to_owned(),
        }
    }

    /// A violation with a message that says more than the code's.
    pub fn with_message(code: Code, field: impl Into<String>, message: impl Into<String>) -> Self {
        Violation {
            code,
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.field, self.message)
    }
}
