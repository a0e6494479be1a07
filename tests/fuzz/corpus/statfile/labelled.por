ASCII SPSS PORT FILE                    ASCII SPSS PORT FILE                    
ASCII SPSS PORT FILE                    ASCII SPSS PORT FILE                    
ASCII SPSS PORT FILE                    0000000000000000000000000000000000000000
0000000000000000000000000123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst
uvwxyz .<(+|&[]!$*);^-/|,%_>?`:$@'="000000~-0000123456789000-()0{}\0000000000000
00000000000000000000000000000000000000000000000000000000SPSSPORTA8/202611226/151
9361E/GNU pspp 1.6.23J/x86_64-pc-linux-gnu45/5B/70/2/ID5/8/2/5/8/2/70/6/GENDER5/
8/2/5/8/2/CH/Respondent gender70/5/PERF15/8/2/5/8/2/8-39/CR/Sales growth vs comp
etitors7D/6/SECTOR1/D/0/1/D/0/70/4/SIZE5/8/2/5/8/2/D1/6/GENDER2/1/4/male2/6/fema
leF1/1/5/D/manufacturingC/2/2/3/D/services     8A/3/2/-39/D/trade        1F/4/1/
7/D/services     *.5/1/4/D/manufacturing8/6/2/6/D/trade        1A0/7/1/2/D/servi
ces     10/8/2/-39/D/manufacturing2F/9/2/1/D/trade        GK/A/1/5/D/services   
  G/B/2/4/D/manufacturing3/C/1/6/D/services     20/ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ
