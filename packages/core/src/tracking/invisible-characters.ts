/** C0 and C1 control characters (tab, newline and NUL included): never part of a UTM, path or title. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Zero-width, soft-hyphen and bidi-override characters: invisible, so two values that look alike differ. */
export const INVISIBLE_CHARACTERS = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
