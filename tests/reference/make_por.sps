* make_por.sps -- convert the haven-written system file to an SPSS portable file,
* then read the portable file back with pspp itself and list it.
* Run from tests/reference (make_sav.R does this): pspp make_por.sps .
GET FILE='data/labelled.sav'.
EXPORT OUTFILE='data/labelled.por'.
IMPORT FILE='data/labelled.por'.
DISPLAY DICTIONARY.
LIST.
