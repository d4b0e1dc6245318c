package pdf

import (
	_ "embed"
)

// The embedded typeface: Liberation Serif 2.1.5 from Debian's fonts-liberation2, metric-compatible
// with Times New Roman (the face NĐ 30/2020 Phụ lục I prescribes) and covering every Vietnamese
// letter precomposed. Licence: SIL Open Font License 1.1, in fonts/OFL.txt.
var (
	//go:embed fonts/LiberationSerif-Regular.ttf
	fontRegular []byte
	//go:embed fonts/LiberationSerif-Bold.ttf
	fontBold []byte
	//go:embed fonts/LiberationSerif-Italic.ttf
	fontItalic []byte
)

// family is the name the fonts are registered under in each document.
const family = "LiberationSerif"
