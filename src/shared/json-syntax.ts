/** JSON's structural characters, as char codes and as UTF-8 bytes alike (all are ASCII). */
export const QUOTE = 0x22 // "
export const BACKSLASH = 0x5c
export const OPEN_BRACE = 0x7b
export const CLOSE_BRACE = 0x7d
export const OPEN_BRACKET = 0x5b
export const CLOSE_BRACKET = 0x5d
export const COMMA = 0x2c
export const COLON = 0x3a
