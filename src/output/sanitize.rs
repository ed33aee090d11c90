//! Anyone who can write to the registry controls node names and URL parameters. Before such text
//! reaches a terminal, control, bidi and zero-width characters are made visible as escapes, so a
//! node name cannot move the cursor, recolour the screen or hide text.

/// Escapes characters that could alter how a terminal shows the text.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
                c => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Characters that are not controls but still change how a terminal lays text out or hide it:
/// zero-width, directional and line-separator characters. JSON output escapes these too.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}' // zero-width and directional marks
        | '\u{2028}'..='\u{2029}' // line and paragraph separators
        | '\u{202a}'..='\u{202e}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

/// What a JSON string must not carry raw beyond what JSON itself escapes (U+0000-U+001F):
/// DEL and the C1 controls (U+009B alone is a CSI to a UTF-8 terminal) and the invisible
/// format characters.
pub fn json_needs_escape(c: char) -> bool {
    ('\u{7f}'..='\u{9f}').contains(&c) || is_invisible_format(c)
}

/// Shortens very long values for table cells (the full value stays in `-o json`).
pub fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max_chars.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(sanitize("plain.Name"), "plain.Name");
        assert_eq!(sanitize("a\x1b[31mred"), "a\\x1b[31mred");
        assert_eq!(sanitize("x\ny\t"), "x\\ny\\t");
        assert_eq!(sanitize("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(sanitize("zero\u{200b}width"), "zero\\u{200b}width");
        assert_eq!(sanitize("\u{9b}"), "\\x9b");
        assert_eq!(sanitize("line\u{2028}sep"), "line\\u{2028}sep");
        assert_eq!(sanitize("héllo ✓"), "héllo ✓");
    }

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ééééé", 3), "éé…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
