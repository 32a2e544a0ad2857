// Generated from cleanco's termdata.json (../shared/data/lists/company-suffixes/): the union of
// terms_by_type and terms_by_country, trimmed, deduplicated and sorted. Do not edit by hand; add
// project-specific terms in company.ts instead.
// Licence: MIT, Copyright (c) 2015 Paul Solin, see packages/core/vendor/licenses/LICENSE.cleanco.MIT.txt.
// 697 legal-entity terms (Inc, GmbH, S.A. de C.V., ООО, …), one per line.
export const COMPANY_SUFFIX_TERMS = `& co
& co.
& company
3ao
3at
A.D.
Akcionarsko Društvo
Anónimi Etaireía
Anónimi Viomichanikí Emborikí Etaireía
D.O.O.
Društvo sa Ograničenom Odgovornošću
Etaireía Periorisménis Efthínis
Eterórrithmi Etaireía
I.K.E.
Idiotiki Kefalaiouchiki Etaireía
K.D.
Komanditno Društvo
Monoprósopi Etaireía Periorisménis Efthínis
O.D.
Omórrithmi Etaireía
Omórrithmi Viomichanikí Emborikí Etaireía
Ortačko Društvo
Preduzetnik
a spol.
a.d.
a.e.
a.g.
a.m.b.a.
a.s.
a/s
aat
ab
ad
adsits
adsitz
ae
ag
aj
akc. spol.
akcionernoe obshhestvo
akciová společnost
aktiengesellschaft
aktsionerne tovarystvo
aktsionerno drujestvo
aktsionerno druzhestvo sus spetsialna investitsionna tsel
amba
and company
ans
ao
aps
as
as oy
as.oy
asa
association des coproprietaires de
associação comunitária dos moradores
at
atomikís epicheírisis
ay
b.m.
b.v.
ba
bhd
bhd.
bl
bm
bt.
bvba
c. por a.
c.a.
c.v.
cic
cio
co
co.
comm.v
company
coop.
corp
corp.
corporation
cpt
crl
cvba
cvoa
cxa
d.d.
d.n.o.
d.o.o.
d.o.o.e.l
d.o.o.e.l.
da
dat
derzhavne aktsionerne tovarystvo
dochp
dp
drujestvo s ogranichena otgovornost
e.c.
e.e.
e.g.
e.p.e.
e.u.
e.v.
ead
ec
ednolichen turgovetz
ednolichno aktsionerno druzhestvo
ednolichno druzhestvo s ogranichena otgovornost
ee
egmbh
ehf.
ei
eingetragene genossenschaft mit beschrankter haftpflicht
eingetragene genossenschaft mit beschränkter haftpflicht
eirl
eirl.
ent.
eood
ep
epe
esv
et
etat
eurl
ev
exploitation agricole à responsabilité limitée
f.m.b.a.
fa
fcp
fgup
fie
fizychna osoba pidpryyemets
fkf
fkp
fmba
fop
g.k.
g.m.b.h
g.m.b.h.
g/s
gbr
gesbr
gesellschaft mit beschränkter haftung
gie
gk
gmbh
gmbh & co. kg
gp
gruppa kompanij
gte.
gǔfèn yǒuxiàn gōngsī)
hb
hf
hf.
i/s
ij
ik
iks
inc
inc.
incorporated
ip
j.t.d.
k.d.
k.d.a.
k.k.
k.s.
k.v.
k/s
kao
kb
kd
kda
kf
kft.
kg
kgaa
kht.
kkt.
kom. spol.
komanditno druzhestvo
komanditno druzhestvo s aktzii
komanditná spoločnosť
komanditní společnost
komandytne tovarystvo
kommanditgesellschaft
koop.
ks
kt
kv.
ky
l.l.c.
l.l.l.p.
l.l.p.
l.p.
l.t.d.
lda.
limited
llc
lllp
llp
lp
ltd
ltd.
ltda
ltda.
m.e.p.e.
mb
mbh & co. kg
mchj
mepe
mpp
n.v.
nl
nuf
nv
nyrt
nyrt.
o.d.
o.e.
o.n.g.
o.v.e.e.
oaj
oao
obrt
oe
og
ohf.
ohg
ok
ood
ooo
organizație non-guvernamentală
ovee
oy
oyj
oü
p.c.
p.l.c.
p.l.l.c.
p.p.
p/s
pao
partg
pat
peec
persoana fizica autorizata
pfa
plc
plc ltd.
plc.
pllc
povne tovarystvo
pp
prat
private
prytvatne aktsionerne tovarystvo
pryvatne pidpryyemstvo
ps
pse
psu
pt
pte
pte ltd
pte ltd.
pte. ltd.
pty ltd
pty. ltd.
publichne aktsionerne tovarystvo
pvt. ltd.
pzii
qk
qmj
rhf
rt.
rup
s. de r.l.
s. de r.l. de c.v.
s. de. r.l.
s. en c.
s. r. o.
s.a.
s.a. de c.v.
s.a.a.
s.a.b.
s.a.d.
s.a.p.a.
s.a.p.i.
s.a.r.l.
s.a.s.
s.c.
s.c.a.
s.c.e i.
s.c.p.a
s.c.r.l.
s.c.s.
s.coop
s.cra
s.cra.
s.e.
s.f.
s.g.r
s.g.r.
s.k.a.
s.l.
s.l.l.
s.l.n.e.
s.m.b.a.
s.n.c.
s.p.
s.p.a.
s.r.l.
s.r.o.
s.r.o. v likvidácii
s.s.
sa
sabiedrība ar ierobežotu atbildību
sae
sagl
sal
saoc
saog
sarl
sas
sasu
sca
sccl
sci
scop
scpa
scs
sd
sdn bhd
sdn. bhd.
secs
sem
sep
ses.
sf
sgps
sgr
sh.a.
sh.p.k.
sia
sicav
sm pte ltd.
smba
snc
soc.col.
societate cu răspundere limitată
societatea cu raspundere limitata
societatea cu răspundere limitată cu proprietar unic
societatea pe acțiuni
societatea în comandită pe acțiuni
societatea în comandită simplă
societatea în nume colectiv
societe civile immobiliere
societăți de persoane
sogepa
sp
sp. z o.o.
sp. z.o.o.
sp.j.
sp.k.
sp.p.
spol. s r. o.
spol. s r.o.
spol. s r.o. v likvidaci
spol. s r.o. v likvidácii
spol. s.r.o.
spol. s.r.o. v likvidaci
spol. s.r.o. v likvidácii
společenství vlastníků jednotek
společnost s ručením omezeným
spoločnosť s ručením obmedzeným
sprl
spółka komandytowa
spółka z o.o.
spółka z ograniczoną odpowiedzialnością
spółka z ograniczoną odpowiedzialnością likwidacji
srl
srl cu proprietar unic
srl.
stg
stichting
subiratelno druzhestvo
suc. de descendants
syndicat de la copropriété du
t:mi
taa
tapui
tavarystva z abmezhavanaj adkaznascyu
tdv
teo
tmi
tob
tov
tovarystvo z dodatkvoiu vidpovidalnistiu
tovarystvo z obmezhenoiu vidpovidalnistiu
uab
ud
uk
ultd
ultd.
unlimited
unltd
up
v.o.f.
v.o.s.
vat
vereniging van mede eigenaars van
veÅ. obch. spol.
vidkryte aktsionerne tovarystvo
vof
vzw
wúxiàn zérèn gōngsī
xk
xt
xxk
y.k.
yoaj
yǒuxiàn gōngsī
yǒuxiàn zérèn gǔfèn gōngsī
zakrytae akcyyanernae tavarystva
zakryte aktsionerne tovarystvo
zakrytoe akcionernoe obshhestvo
zao
zat
zrt.
întreprindere individuală
întreprinderea individuală
Ανώνυμη Βιομηχανική Εμπορική Εταιρεία
Ανώνυμη Εταιρεία
Ε.Π.Ε.
Εταιρεία Περιορισμένης Ευθύνης
Ετερόρρυθμη Εταιρία
Ιδιωτική Κεφαλαιουχική Εταιρεία
Μ.Ε.Π.Ε.
Μονοπρόσωπη Ε.Π.Ε.
Ο.Β.Ε.Ε.
Ο.Ε.
Ομόρρυθμη Βιομηχανική Εμπορική Εταιρεία
Ομόρρυθμη Εταιρεία
ατομικής επιχείρησης
аат
аб
автономная некоммерческая организация
ад
адкрытае акцыянернае таварыства
адсиц
акционерно дружество
акционерно дружество със специална инвестиционна цел
акционерное общество
акціонерне товариство
ано
ао
артель
ат
благотворительное учреждение
благотворительный фонд
бо
бф
вiдкрите акцiонерне товариство
ва
ват
вк
вкксу
вытворчае аб'яднанне
ган
гау
гбу
гк
гку
го
государственная академия наук
государственная компания
государственная корпорация
государственное автономное учреждение
государственное бюджетное учреждение
государственное казенное учреждение
государственное унитарное предприятие
громадська організація
группа компаний
гс
гупс
даз
дат
дачэрняя кампанія
державне акціонерне товариство
до
дочп
дп
дружество с ограничена отговорност
еад
едноличен търговец
еднолично акционерно дружество
еднолично дружество с ограничена отговорност
еоод
ет
жбк
закрите акцiонерне товариство
закрытае акцыянернае таварыства
закрытое акционерное общество
зао
зат
зіі
индивидуальный предприниматель
иностранное общество с ограниченной ответственностью
интегрированная структура
иооо
ип
казенное предприятие
канцэрн
кб
кд
кда
ко
колхоз
командитне товариство
командитно дружество
командитно дружество с акции
коммандитное товарищество
кооперативное хозяйство
коопхоз
кп
крестьянское хозяйство
кс
кт
кх
мау
мбу
межправительственная международная организация
мкп
мку
ммо
мпп
муниципальное автономное учреждение
муниципальное бюджетное учреждение
муниципальное казенное предприятие
муниципальное казенное учреждение
муниципальное унитарное предприятие
муп
негосударственный пенсионный фонд
неправительственная международная организация
нмо
нпф
оао
оас
общественное учреждение
общественный фонд
общество с дополнительной ответственностью
общество с ограниченной ответственностью
одв
одо
оинно
ок
омс
оо
оог
оод
ооо
оп
ор
осбб
осн
осс
отделение иностранной некоммерческой неправительственной организации
открытое акционерное общество
оу
оф
пt
пао
пат
пзіі
пк
по
повне товариство
пог
полное товарищество
пп
ппк
прат
приватне акціонерне товариство
приватне підприємство
производственный кооператив
пск
пт
публично-правовая компания
публичное акционерное общество
публічне акціонерне товариство
пфо
піі
ра
ран
религиозная организация
релігійна організація
республиканское унитарное предприятие
ро
российская академия наук
руп
рыболовецкая артель
са
свк
сд
сельскохозяйственная артель
сельскохозяйственный производственный кооператив
ск
совместное общество с ограниченной ответственностью
сок
сооо
сп
сп у формі тов
спд
спк
сс
сст
ст
събирателно дружество
таа
таварыства з абмежаванай адказнасцю
таварыства з дадатковай адказнасцю
тб
тда
тдв
тзов
тк
тов
товариство з додатковою відповідальністю
товариство з обмеженою відповідальністю
товарищество на вере
транснацыяльны канцэрн
тс
унитарное предприятие
унітарнае прадпрыемства
уп
учреждение
фб
фг
фгау
фгбу
фгку
фгуп
федеральное государственное автономное учреждение
федеральное государственное бюджетное учреждение
федеральное государственное казенное учреждение
федеральное государственное унитарное предприятие
федеральное казенное предприятие
фермерское хозяйство
фкп
фонд
фоп
фпг
фх
фізична особа підприємець
фінансово-промислова група
хк
хо
хозяйственное общество
хозяйственное партнерство
хозяйственное товарищество
холдинговая компания
холдынг
хп
хт
частное предприятие
частное производственно торговое унитарное предприятие
частное торговое унитарное предприятие
частное транспортное унитарное предприятие
частное унитарное предприятие
частное учреждение
чп
чтуп
чу
чуп
экологический фонд
эф
іп
上市公司
公司集团
公司集團
担保有限公司
擔保有限公司
无限责任公司
有限公司
有限合伙
有限合夥
有限責任公司
有限責任股份公司
有限责任
有限责任公司
有限责任股份公司
無限責任公司
私人公司
股份公司
股份有限公司
集团公司
集團公司`;
