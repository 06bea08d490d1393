//! Shore's catalogs written into a hub's database, so the forms on board offer what shore's
//! do. Shore is the catalogs' authority: every entry it lists is written with its id (work
//! orders name entries by id on every replica) and is offered or not as shore says. An entry
//! only the hub has is left as it is: work orders on board may name it.
//!
//! Types and statuses are not copied: they are fixed codes that ship with the schema.

use ote_shared::api::{Catalogos, Sitio, TipoCatalogo};
use ote_shared::model::TipoSitio;
use sqlx::{PgConnection, PgPool};

/// Writes `catalogos` (as `GET /api/v1/catalogs` answers them) in one transaction: a form on
/// board sees all of them or none. Each table written moves the hub's catalog version, so the
/// tablets on board fetch them again.
#[tracing::instrument(skip_all)]
pub async fn apply(pool: &PgPool, catalogos: &Catalogos) -> Result<(), sqlx::Error> {
    let inactive = |catalogo: TipoCatalogo| -> Vec<i64> {
        catalogos
            .inactivos
            .iter()
            .filter(|i| i.catalogo == catalogo)
            .map(|i| i.id)
            .collect()
    };
    let mut tx = pool.begin().await?;
    clientes(&mut tx, catalogos, &inactive(TipoCatalogo::Clientes)).await?;
    frentes(&mut tx, catalogos, &inactive(TipoCatalogo::Frentes)).await?;
    for (tipo, catalogo) in [
        (TipoSitio::Embarcacion, TipoCatalogo::Embarcaciones),
        (TipoSitio::Plataforma, TipoCatalogo::Plataformas),
        (TipoSitio::Intercom, TipoCatalogo::Intercoms),
        (TipoSitio::Patio, TipoCatalogo::Patios),
    ] {
        let off = inactive(catalogo);
        sitios(&mut tx, tipo, catalogos.sitios.of(tipo), &off).await?;
    }
    let off = inactive(TipoCatalogo::ResponsablesProyecto);
    responsables(&mut tx, catalogos, &off).await?;
    pte_headers(&mut tx, catalogos, &inactive(TipoCatalogo::PteHeaders)).await?;
    empleados(&mut tx, catalogos, &inactive(TipoCatalogo::Empleados)).await?;
    pasos_plantilla(&mut tx, catalogos).await?;
    tx.commit().await
}

async fn clientes(tx: &mut PgConnection, c: &Catalogos, off: &[i64]) -> Result<(), sqlx::Error> {
    let column = |f: fn(&ote_shared::api::Cliente) -> &String| -> Vec<String> {
        c.clientes.iter().map(|x| f(x).clone()).collect()
    };
    let ids: Vec<i64> = c.clientes.iter().map(|x| x.id).collect();
    sqlx::query!(
        "INSERT INTO clientes (id, nombre, razon_social, rfc, regimen_fiscal, direccion, colonia,
                               telefono, email, representante_legal, activo)
         SELECT x.*, NOT x.id = ANY($11) FROM UNNEST($1::int8[], $2::text[], $3::text[],
                $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[]) AS x(id, a, b, c, d, e, f, g, h, i)
         ON CONFLICT (id) DO UPDATE SET nombre = EXCLUDED.nombre,
             razon_social = EXCLUDED.razon_social, rfc = EXCLUDED.rfc,
             regimen_fiscal = EXCLUDED.regimen_fiscal, direccion = EXCLUDED.direccion,
             colonia = EXCLUDED.colonia, telefono = EXCLUDED.telefono, email = EXCLUDED.email,
             representante_legal = EXCLUDED.representante_legal, activo = EXCLUDED.activo",
        &ids,
        &column(|x| &x.nombre),
        &column(|x| &x.razon_social),
        &column(|x| &x.rfc),
        &column(|x| &x.regimen_fiscal),
        &column(|x| &x.direccion),
        &column(|x| &x.colonia),
        &column(|x| &x.telefono),
        &column(|x| &x.email),
        &column(|x| &x.representante_legal),
        off
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn frentes(tx: &mut PgConnection, c: &Catalogos, off: &[i64]) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = c.frentes.iter().map(|x| x.id).collect();
    let names: Vec<String> = c.frentes.iter().map(|x| x.descripcion.clone()).collect();
    sqlx::query!(
        "INSERT INTO frentes (id, descripcion, activo)
         SELECT x.*, NOT x.id = ANY($3) FROM UNNEST($1::int8[], $2::text[]) AS x(id, d)
         ON CONFLICT (id) DO UPDATE SET descripcion = EXCLUDED.descripcion,
             activo = EXCLUDED.activo",
        &ids,
        &names,
        off
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The four kinds of site have the same columns; each its own statement, so every one is
/// checked against its table when the server is built.
async fn sitios(
    tx: &mut PgConnection,
    tipo: TipoSitio,
    list: &[Sitio],
    off: &[i64],
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = list.iter().map(|x| x.id).collect();
    let names: Vec<String> = list.iter().map(|x| x.descripcion.clone()).collect();
    let frentes: Vec<Option<i64>> = list.iter().map(|x| x.id_frente).collect();
    let municipios: Vec<String> = list.iter().map(|x| x.municipio.clone()).collect();
    let direcciones: Vec<String> = list.iter().map(|x| x.direccion.clone()).collect();
    macro_rules! upsert {
        ($table:literal) => {
            sqlx::query!(
                "INSERT INTO "
                    + $table
                    + " (id, descripcion, id_frente, municipio, direccion, activo)
                 SELECT x.*, NOT x.id = ANY($6)
                 FROM UNNEST($1::int8[], $2::text[], $3::int8[], $4::text[], $5::text[])
                      AS x(id, d, f, m, r)
                 ON CONFLICT (id) DO UPDATE SET descripcion = EXCLUDED.descripcion,
                     id_frente = EXCLUDED.id_frente, municipio = EXCLUDED.municipio,
                     direccion = EXCLUDED.direccion, activo = EXCLUDED.activo",
                &ids,
                &names,
                &frentes as &[Option<i64>],
                &municipios,
                &direcciones,
                off
            )
            .execute(&mut *tx)
            .await?
        };
    }
    match tipo {
        TipoSitio::Embarcacion => upsert!("embarcaciones"),
        TipoSitio::Plataforma => upsert!("plataformas"),
        TipoSitio::Intercom => upsert!("intercoms"),
        TipoSitio::Patio => upsert!("patios"),
    };
    Ok(())
}

async fn responsables(
    tx: &mut PgConnection,
    c: &Catalogos,
    off: &[i64],
) -> Result<(), sqlx::Error> {
    let list = &c.responsables_proyecto;
    let ids: Vec<i64> = list.iter().map(|x| x.id).collect();
    let names: Vec<String> = list.iter().map(|x| x.nombre.clone()).collect();
    let emails: Vec<String> = list.iter().map(|x| x.email.clone()).collect();
    sqlx::query!(
        "INSERT INTO responsables_proyecto (id, nombre, email, activo)
         SELECT x.*, NOT x.id = ANY($4) FROM UNNEST($1::int8[], $2::text[], $3::text[]) AS x(id, n, e)
         ON CONFLICT (id) DO UPDATE SET nombre = EXCLUDED.nombre, email = EXCLUDED.email,
             activo = EXCLUDED.activo",
        &ids,
        &names,
        &emails,
        off
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn pte_headers(tx: &mut PgConnection, c: &Catalogos, off: &[i64]) -> Result<(), sqlx::Error> {
    let list = &c.pte_headers;
    let ids: Vec<i64> = list.iter().map(|x| x.id).collect();
    let oficios: Vec<String> = list.iter().map(|x| x.oficio_pte.clone()).collect();
    let names: Vec<String> = list.iter().map(|x| x.descripcion.clone()).collect();
    let clientes: Vec<Option<i64>> = list.iter().map(|x| x.id_cliente).collect();
    sqlx::query!(
        "INSERT INTO pte_headers (id, oficio_pte, descripcion, id_cliente, activo)
         SELECT x.*, NOT x.id = ANY($5)
         FROM UNNEST($1::int8[], $2::text[], $3::text[], $4::int8[]) AS x(id, o, d, c)
         ON CONFLICT (id) DO UPDATE SET oficio_pte = EXCLUDED.oficio_pte,
             descripcion = EXCLUDED.descripcion, id_cliente = EXCLUDED.id_cliente,
             activo = EXCLUDED.activo",
        &ids,
        &oficios,
        &names,
        &clientes as &[Option<i64>],
        off
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn empleados(tx: &mut PgConnection, c: &Catalogos, off: &[i64]) -> Result<(), sqlx::Error> {
    let list = &c.empleados;
    let ids: Vec<i64> = list.iter().map(|x| x.id).collect();
    let rfcs: Vec<String> = list.iter().map(|x| x.rfc.clone()).collect();
    let names: Vec<String> = list.iter().map(|x| x.nombre.clone()).collect();
    let paternos: Vec<String> = list.iter().map(|x| x.apellido_paterno.clone()).collect();
    let maternos: Vec<String> = list.iter().map(|x| x.apellido_materno.clone()).collect();
    sqlx::query!(
        "INSERT INTO empleados (id, rfc, nombre, apellido_paterno, apellido_materno, activo)
         SELECT x.*, NOT x.id = ANY($6)
         FROM UNNEST($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[])
              AS x(id, r, n, p, m)
         ON CONFLICT (id) DO UPDATE SET rfc = EXCLUDED.rfc, nombre = EXCLUDED.nombre,
             apellido_paterno = EXCLUDED.apellido_paterno,
             apellido_materno = EXCLUDED.apellido_materno, activo = EXCLUDED.activo",
        &ids,
        &rfcs,
        &names,
        &paternos,
        &maternos,
        off
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Step templates carry whether they are offered themselves.
async fn pasos_plantilla(tx: &mut PgConnection, c: &Catalogos) -> Result<(), sqlx::Error> {
    let list = &c.pasos_plantilla;
    let ids: Vec<i64> = list.iter().map(|x| x.id).collect();
    let names: Vec<String> = list.iter().map(|x| x.descripcion.clone()).collect();
    let tipos: Vec<i32> = list.iter().map(|x| x.tipo).collect();
    let activos: Vec<bool> = list.iter().map(|x| x.activo).collect();
    let ordenes: Vec<Option<i32>> = list.iter().map(|x| x.orden).collect();
    sqlx::query!(
        "INSERT INTO pasos_ot (id, descripcion, tipo, activo, orden)
         SELECT * FROM UNNEST($1::int8[], $2::text[], $3::int4[], $4::bool[], $5::int4[])
         ON CONFLICT (id) DO UPDATE SET descripcion = EXCLUDED.descripcion,
             tipo = EXCLUDED.tipo, activo = EXCLUDED.activo, orden = EXCLUDED.orden",
        &ids,
        &names,
        &tipos,
        &activos,
        &ordenes as &[Option<i32>]
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
