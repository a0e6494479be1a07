*$Rev: 121017 $ all 2.
SET UNICODE=ON.
SHOW LOCALE.
PRESERVE LOCALE.
SET LOCALE='en_UK'.
SET DECIMAL=DOT.
GET DATA
 /TYPE=TXT
 /FILE='survey_123456_SPSS_data_file.dat'
 /DELCASE=LINE
 /DELIMITERS=","
 /QUALIFIER="'"
 /ARRANGEMENT=DELIMITED
 /FIRSTCASE=1
 /IMPORTCASE=ALL
 /VARIABLES=
 V1 F7
 V2 DATETIME23.2
 V3 F7
 V4 A20
 V5 A31
 V6 DATETIME23.2
 V7 DATETIME23.2
 V8 A45
 V9 F3
 V10 F1
 V11 F1
 V12 F1
 V13 F1
 V14 F1
 V15 F1
 V16 A40.
CACHE.
EXECUTE.
*Define Variable Properties.
VARIABLE LABELS V1 "id".
VARIABLE LABELS V2 "submitdate".
VARIABLE LABELS V3 "lastpage".
VARIABLE LABELS V4 "startlanguage".
VARIABLE LABELS V5 "seed".
VARIABLE LABELS V6 "startdate".
VARIABLE LABELS V7 "datestamp".
VARIABLE LABELS V8 "ipaddr".
VARIABLE LABELS V9 "How many people does your firm employ?".
VARIABLE LABELS V10 "[Reach decisions with the partner] How quickly does your firm do the following in its alliances with partners abroad, thinking of the last three years and of the alliance that matters most to your firm's ""international"" growth"+
", whether it is a joint venture, a licence, a distribution agreement or a research partnership?".
VARIABLE LABELS V11 "[Share information] How quickly does your firm do the following in its alliances with partners abroad, thinking of the last three years and of the alliance that matters most to your firm's ""international"" growth, whether it is"+
" a joint venture, a licence, a distribution agreement or a research partnership?".
VARIABLE LABELS V12 "[Adapt the agreement] How quickly does your firm do the following in its alliances with partners abroad, thinking of the last three years and of the alliance that matters most to your firm's ""international"" growth, whether it "+
"is a joint venture, a licence, a distribution agreement or a research partnership?".
VARIABLE LABELS V13 "[Launch joint products] How quickly does your firm do the following in its alliances with partners abroad, thinking of the last three years and of the alliance that matters most to your firm's ""international"" growth, whether i"+
"t is a joint venture, a licence, a distribution agreement or a research partnership?".
VARIABLE LABELS V14 "[Resolve conflicts] How quickly does your firm do the following in its alliances with partners abroad, thinking of the last three years and of the alliance that matters most to your firm's ""international"" growth, whether it is"+
" a joint venture, a licence, a distribution agreement or a research partnership?".
VARIABLE LABELS V15 "To show that you read this, please select 5.".
VARIABLE LABELS V16 "Any comments?".
*Define Value labels.
VALUE LABELS  V10
 1 "Very slowly"
 2 "Slowly"
 3 "Rather slowly"
 4 "Neither"
 5 "Rather quickly"
 6 "Quickly"
 7 "Very quickly".
VALUE LABELS  V11
 1 "Very slowly"
 2 "Slowly"
 3 "Rather slowly"
 4 "Neither"
 5 "Rather quickly"
 6 "Quickly"
 7 "Very quickly".
VALUE LABELS  V12
 1 "Very slowly"
 2 "Slowly"
 3 "Rather slowly"
 4 "Neither"
 5 "Rather quickly"
 6 "Quickly"
 7 "Very quickly".
VALUE LABELS  V13
 1 "Very slowly"
 2 "Slowly"
 3 "Rather slowly"
 4 "Neither"
 5 "Rather quickly"
 6 "Quickly"
 7 "Very quickly".
VALUE LABELS  V14
 1 "Very slowly"
 2 "Slowly"
 3 "Rather slowly"
 4 "Neither"
 5 "Rather quickly"
 6 "Quickly"
 7 "Very quickly".
VALUE LABELS  V15
 1 "1"
 2 "2"
 3 "3"
 4 "4"
 5 "5"
 6 "6"
 7 "7".
VARIABLE LEVEL V9(SCALE).
RENAME VARIABLES ( V1 = id ).
RENAME VARIABLES ( V2 = submitdate ).
RENAME VARIABLES ( V3 = lastpage ).
RENAME VARIABLES ( V4 = startlanguage ).
RENAME VARIABLES ( V5 = seed ).
RENAME VARIABLES ( V6 = startdate ).
RENAME VARIABLES ( V7 = datestamp ).
RENAME VARIABLES ( V8 = ipaddr ).
RENAME VARIABLES ( V9 = G01Q01 ).
RENAME VARIABLES ( V10 = G02Q02_SQ001 ).
RENAME VARIABLES ( V11 = G02Q02_SQ002 ).
RENAME VARIABLES ( V12 = G02Q02_SQ003 ).
RENAME VARIABLES ( V13 = G02Q02_SQ004 ).
RENAME VARIABLES ( V14 = G02Q02_SQ005 ).
RENAME VARIABLES ( V15 = G02Q03 ).
RENAME VARIABLES ( V16 = G03Q04 ).
RESTORE LOCALE.
