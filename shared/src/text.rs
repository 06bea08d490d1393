//! Text as people search it: lower case without Spanish accents, so "inspeccion" finds
//! "Inspección" on the tablet's list and "DESCRIPCIÓN" reads as "descripcion" in an Anexo C.

/// `text` in lower case with á, é, í, ó, ú, ü (and their grave or diaeresis forms) as plain
/// vowels; ñ stays.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' | 'ì' | 'ï' => 'i',
            'ó' | 'ò' | 'ö' => 'o',
            'ú' | 'ù' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_go_and_enye_stays() {
        assert_eq!(fold("DESCRIPCIÓN Año Pingüino"), "descripcion año pinguino");
    }
}
