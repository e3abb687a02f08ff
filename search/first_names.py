"""Common English given names that tell a person's gender, so that "Mr. Obama" is not
Michelle Obama and "she" passes over Tom Fielding when no title says.

The lists are written by hand after the most popular given names of babies born in the
United States from the 1930s to the 2000s (the Social Security Administration's
popular-name tables), with the common given names of people in English-language news
from other countries (Siobhan, Nigel, Priya, Giuseppe, Sergei, …), without the names
common to both (Jordan, Taylor, Leslie, Dana, Jean, …) or to both in some language
(Nicola, Simone, Yuri) and the commonest that are also places (Virginia, Georgia,
Charlotte, Eugene) or words (Grace, Ruby, April, Dawn), which may open the names of other
things ("Virginia Gov. …"); names such as Mark, Frank or Victoria stay. A name missing
here tells nothing; it never makes a gender up.
"""

from __future__ import annotations


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


FEMALE_NAMES = _names(
    """
    mary patricia linda barbara elizabeth jennifer maria susan margaret dorothy lisa
    nancy karen betty helen sandra donna carol ruth sharon michelle laura sarah kimberly
    deborah jessica shirley cynthia angela melissa brenda amy anna rebecca kathleen
    pamela martha debra amanda stephanie carolyn christine marie janet catherine frances
    ann joyce diane alice julie heather teresa doris gloria evelyn cheryl mildred
    katherine joan ashley judith janice nicole judy christina kathy theresa beverly
    denise tammy irene jane lori rachel marilyn andrea kathryn louise sara anne
    jacqueline wanda bonnie julia lois tina phyllis norma paula diana annie lillian
    emily peggy gladys rita connie edna tiffany rosa cindy wendy victoria edith sylvia
    josephine thelma shannon sheila ethel ellen elaine marjorie carrie monica esther
    pauline emma juanita anita rhonda eva debbie clara lucille joanne eleanor valerie
    danielle megan alicia suzanne michele gail bertha darlene veronica jill erin
    geraldine lauren cathy joann lorraine sally regina erica beatrice dolores bernice
    audrey yvonne annette samantha stacy ana renee ida vivian roberta brittany melanie
    loretta yolanda jeanette laurie katie kristen vanessa alma sue elsie beth jeanne
    vicki carla tara rosemary eileen lucy stacey wilma gina kristin natalie agnes vera
    charlene bessie delores melinda arlene maureen colleen allison tamara constance
    lillie claudia marcia tanya nellie minnie marlene heidi glenda lydia viola courtney
    marian stella caroline dora vickie mattie maxine irma mabel marsha myrtle lena
    christy deanna patsy hilda gwendolyn jennie nora margie nina cassandra leah
    priscilla naomi carole olga dianne leona jenny felicia sonia miriam velma becky
    kristina toni mae shelly ramona sherri erika katrina claire
    hannah kayla olivia alyssa abigail sherry brianna alexandra isabella brooke sophia
    terri kaitlyn haley molly jenna chloe sabrina ella madeline ava tonya paige hailey
    gabrielle katelyn mia marissa caitlin alison brandi kay kara meghan natasha bethany
    joanna mariah kendra kaylee briana candace amelia kristine karla bridget angelina
    brittney jocelyn jacquelyn jodi sheryl desiree rachael monique lynda isabel kristi
    breanna kylie makayla kelli jillian shelley krista adriana gabriella zoe krystal
    belinda kristy rebekah candice gabriela cecilia bianca sonya ariana nichole adrienne
    lynne sheri robyn marianne maya yvette patty maryann maggie roxanne kaitlin carly
    tabitha dianna antoinette kate janie jada alisha angie vicky arianna traci karina
    kirsten madelyn kellie abby aimee elena sadie cristina celeste gretchen jaclyn
    shelia cara isabelle janelle jeannette marisa mallory janis caitlyn bernadette
    gracie rochelle lacey sophie faye latoya daniela shawna paulette raquel cora aaliyah
    elise myra lana michaela rosie doreen patti hayley teri rosemarie betsy valeria
    mikayla rosalie alejandra allyson jana alana susie ashlee genevieve lynette mindy
    lora darla shari meagan leticia kiara natalia nadine selena tricia jasmin trisha
    harriet stacie cassie nikki juliana mandy marcella kristie nevaeh sonja tami johanna
    esmeralda marla kimberley lola kerri elisabeth yesenia stefanie gianna cheri tessa
    tammie tasha sherrie ashlyn jeannie elisa alissa corinne ronda francine mya jazmin
    serena alexia adrianna kylee pam clarissa janine eunice marguerite callie josie
    nadia britney rachelle cecelia tracie lorena trina christa liliana keri celia
    katharine alisa tia layla kyla lila mayra ashleigh verna latasha ada gertrude
    chelsey julianna ciara lucinda giselle anastasia alondra marisol cherie dena kyra
    shana jazmine della debora deloris tatiana kassandra therese janette cathleen dina
    myrna jolene leanne shanna karin hattie joni shauna kira daphne ernestine madeleine
    sondra julianne lucia shayla tania carissa cierra lea gwen makenzie jayne staci
    mckenna flora katelynn jenifer brenna susanne alaina jayla trudy delia zoey eliza
    alyson lara penelope noelle ellie rena leila blanca angelique erma leann jeanine
    bobbi francesca fatima deana mollie lorna ingrid tamika chasity taryn jeri maribel
    ericka jeannine sheena tonia bridgette margo annabelle latonya polly lorie inez
    angelia keisha aileen mamie tiana kayleigh marcy kiana eloise rosalind lizbeth
    haylee audra christi bettie maritza freda larissa ladonna melba reba lenora camila
    daniella kailey terrie helene brianne leanna amie bella bette tabatha glenna paola
    muriel greta tanisha susana claudette phoebe henrietta latisha noreen emilee talia
    julissa elsa hallie melisa makenna saundra colette emilie katy katlyn valarie lorene
    bettye adele alina silvia arielle eugenia maura karissa alexus annmarie estella
    leilani laila lorrie malinda mable aisha keira kimberlee mara sharron yasmin kelsie
    alanna rosalyn delilah amaya deirdre juliet noemi suzette blanche beulah nanette nia
    lela marta araceli jeanie bryanna kiera brandie eula nelda angeline perla beatriz
    jerri luann casandra jacklyn viviana scarlett roseann kaylie lauryn kathie elissa
    selina nicolette marcie chrystal corrine addie lynnette ashlynn deanne janna alayna
    janell susanna charmaine tiffani deja deidre ina ruthie madalyn shayna esperanza
    eliana elyse gillian chantel wendi dona dorothea liza elaina estelle corina mari
    abbie adeline janae graciela rosanne martina brooklynn fiona carley rosalinda karyn
    malia rhoda kierra tammi destinee elvira carlene meaghan etta dayna alivia paulina
    lyndsey tyra mikaela marci tamera tamra shania ilene emilia clarice sheree kaitlynn
    leeann renae nettie juliette juana willa dulce lenore sienna chelsie elva lavonne
    krystle bernadine lexi annika tameka aniyah carmela earnestine lakisha emely diann
    iva joselyn dorthy jayda nayeli lesa earlene katina imogene lizzie aniya anahi
    marquita sybil beverley bria izabella lottie mavis marilynn kyleigh earline leola
    judi effie harriett neva cecile melva goldie ryleigh nell winnie elinor ila luella
    elnora marlys arline elma dollie sharyn lucile nannie randi hillary delaney jami
    winifred essie kaye pearlie virgie tori luz liz meg deb tess trish bess siobhan
    niamh aoife saoirse sinead aisling roisin grainne maeve sorcha eimear caoimhe
    clodagh bronwen bronwyn rhiannon cerys ffion bethan kirsty morag eilidh mhairi
    catriona gemma imogen philippa tamsin jemima hermione pippa millie georgina davina
    bryony beatrix jacinda yasmine zainab zahra maryam mariam rania dalia samira amina
    halima khadija salma soraya shirin nazanin malala benazir hasina khaleda bushra
    ayesha asma sadia saima shazia nasreen fawzia rukhsana neda fatemeh azadeh mahsa
    narges nasrin samia priya pooja deepa deepika anjali sunita kavita lakshmi meena
    meera nisha neha shreya shruti swati preeti priyanka aishwarya madhuri rekha radha
    sita geeta sushma sonal smriti nirmala kamala indira arundhati mamata jayalalithaa
    mayawati shabana divya ananya aditi nandini pallavi poonam shilpa usha uma asha
    mallika vandana rashmi seema sangeeta sharmila sunanda gayatri priti suella kemi
    tali shira ayelet liat rivka shoshana naama limor galit tzipi golda svetlana natalya
    yulia yuliya irina ekaterina yekaterina oksana ksenia lyudmila ludmila galina
    valentina larisa nadezhda raisa alena alyona daria darya polina viktoriya yelena
    agnieszka katarzyna malgorzata magdalena jolanta dorota ewa halina krystyna zofia
    zuzana ivana milena jelena mirjana dragana snezana vesna tereza beata ursula gertrud
    brigitte birgit heike sabine anke anja katja silke annegret ilse hildegard waltraud
    gudrun sigrid astrid britta dagmar ulrike jutta gisela helga kerstin solveig
    ingeborg mette pernille marit frida agneta birgitta tove femke anouk marieke
    francoise sylvie nathalie veronique christiane chantal segolene celine aurelie
    delphine elodie sandrine severine laetitia mathilde amelie anais manon odile
    ghislaine claudine lucie giulia chiara federica alessandra giorgia elisabetta
    raffaella rossella antonella donatella giovanna ornella stefania graziella benedetta
    ilaria patrizia loredana nicoletta giuseppina concetta simona manuela rocio consuelo
    ximena josefina luciana fernanda isabela mariela marcela luisa dilma agustina
    micaela xiomara leonor ngozi chimamanda folake funmilayo nkechi chioma adaeze
    aminata fatou fatoumata mariama wangari lupita nkosazana thandiwe lindiwe naledi
    zanele nomvula abena akosua efua yoko keiko akiko michiko yuko naoko yumiko hiroko
    tomoko kyoko mariko noriko masako sachiko freya evie esme tilly matilda oprah
    condoleezza kellyanne kirstjen huma rashida ayanna letitia ketanji kyrsten mazie
    ileana ilana
    """
)

MALE_NAMES = _names(
    """
    james john robert michael william david richard charles joseph thomas christopher
    daniel paul mark donald george kenneth steven edward brian ronald anthony kevin
    jason matthew gary timothy jose larry jeffrey frank scott eric stephen andrew
    raymond gregory joshua jerry dennis walter patrick peter harold douglas henry carl
    arthur ryan roger joe juan jack albert jonathan justin gerald keith samuel willie
    ralph lawrence nicholas roy benjamin bruce brandon adam harry fred wayne billy steve
    louis jeremy aaron randy howard carlos russell bobby victor martin ernest phillip
    todd jesse craig alan shawn clarence sean philip johnny earl jimmy antonio danny
    bryan tony luis mike stanley leonard nathan manuel rodney curtis norman allen marvin
    vincent glenn jeffery travis jeff chad jacob melvin alfred kyle francis bradley
    herbert frederick joel edwin don eddie ricky troy randall barry alexander bernard
    mario leroy francisco marcus micheal theodore clifford miguel oscar jay jim tom
    calvin alex jon ronnie bill lloyd tommy leon derek darrell jerome floyd leo alvin
    tim wesley gordon greg jorge dustin pedro derrick dan lewis zachary corey herman
    maurice vernon roberto clyde hector shane ricardo rick lester brent ramon charlie
    tyler gilbert marc reginald ruben brett nathaniel rafael edgar milton raul ben
    chester cecil duane franklin andre elmer brad gabriel ron mitchell roland arnold
    harvey jared adrian karl cory claude erik darryl neil christian javier fernando ted
    mathew tyrone darren lonnie lance cody julio kurt allan nelson clayton hugh max
    dwayne dwight armando felix jimmie everett ian wallace ken bob jaime alfredo alberto
    dave ivan johnnie sidney byron julian isaac morris clifton willard daryl ross virgil
    andy marshall salvador perry kirk sergio seth terrance eduardo terrence enrique
    freddie
    ethan dylan noah evan caleb jesus luke elijah connor lucas trevor isaiah ray
    jeremiah gavin garrett alejandro dominic cole colin spencer jake owen xavier
    bryce aidan aiden landon johnathan brendan omar wyatt diego sebastian colton
    dalton nicolas andres jonathon collin stuart maxwell rickey cesar marco liam erick
    kristopher abraham oliver damon brayden dillon damian geoffrey angelo kaleb emmanuel
    nolan fredrick josiah cristian gerard kenny lorenzo arturo garry neal kelvin alec
    malcolm trent darius gerardo rex donovan harrison bryant randolph dominick damien
    julius roderick rudy wendell elias marcos giovanni benny caden jonah carlton lyle
    sammy conner simon ty jermaine kaden ernesto cedric salvatore gregg braden leonardo
    malik josue otis nick pablo luther brock emanuel brody myron nickolas clark terence
    dante alton leland quentin alfonso trey forrest gustavo darin zane rudolph sheldon
    delbert abel pete fabian saul clint bret hubert edmund alonzo rodolfo lowell darrin
    jamal randal ismael wilson bryson zachery horace grady archie lamar emilio sylvester
    darrel zackary marlon homer malachi guillermo jayson moses myles dexter timmy
    branden stewart felipe graham stephan wilbert desmond cornelius conrad jakob
    jarrod gilberto wilbur dewayne jerald dawson antoine quinton deandre jace
    esteban freddy johnathon ervin doyle irvin beau mack doug tomas hugo tucker lionel
    lamont ramiro kendrick brenden rogelio dick moises zachariah rolando braxton corbin
    jarrett matt dewey reid weston emmett rodger rufus cade vance lukas adan amos
    ezekiel joaquin reuben winston isiah elbert scotty bennett rodrigo boyd brendon bert
    reynaldo conor noe percy jaxon derick kurtis stefan phil irving jonas thaddeus
    nikolas mauricio zackery curt issac silas edmond nathanael rocco eldon efrain duncan
    wilfred amir jarvis woodrow pierre vicente harlan jeffry anton keenan humberto
    ignacio ernie orville asher damion denny bryon aron josh elton elvis landen mateo
    tyrell donte raphael jamar axel ahmad adolfo leonel joesph rashad burton cyrus elvin
    hal emil chadwick brenton alvaro alphonso brice kareem donny quintin trevon tobias
    ulysses khalil agustin mitchel grover hans loyd coleman norris osvaldo murray ned
    uriel jarod erwin markus benito demarcus domingo norbert erich antwan otto carlo
    dirk aldo kermit xander nigel vince titus russel robby kade emiliano daren thurman
    braeden roscoe frederic brayan tevin rhett wiley shelton mohammad devonte rigoberto
    barney mohamed ahmed elwood lanny jaron gus randell kennith armand gino romeo
    linwood deangelo cullen nathanial isaias colten maximilian ezequiel theron vito
    moshe kristofer waylon mohammed easton jerrod abram kenton heriberto wilfredo weldon
    fidel jaquan triston cordell bradly octavio declan maximus cristopher zander delmar
    irwin antony davion milo brant chaz danial denzel bernardo rob gonzalo gregorio
    garth augustus maynard braydon nestor gunnar rodrick nehemiah dino bruno stan jaxson
    errol barton millard jacques keven raymundo tod devante adolph buford rolland
    wilburn huey morton seymour shaun terrell jalen teddy blaine kody denis ezra vaughn
    galen sonny javon ronny tyree reggie barrett jamel maddox luca davin caiden wilmer
    camron davon kaiden ayden jameson sid mitch newt hank ike fritz lew zach zack jeb
    mitt beto rahm ciaran eamon eamonn seamus padraig fergus fergal cathal colm cian
    oisin ronan niall diarmuid donal eoin alastair alasdair alistair hamish euan ewan
    callum calum lachlan clive rupert crispin giles tristram jolyon cyril godfrey
    humphrey neville barnaby benedict keir iain rishi sadiq nadhim kwasi hernan federico
    marcelo leandro patricio horacio teodoro valentin mariano iker unai xabi oriol sergi
    xavi andreu evo jair joao luiz fabio flavio thiago tiago vinicius cristiano ronaldo
    rogerio caio renato otavio edson sebastiao paulo neymar giuseppe francesco luigi
    matteo alessandro stefano paolo massimo silvio enrico fabrizio gianluca giorgio
    maurizio claudio piero pietro vincenzo domenico emanuele davide giacomo riccardo
    ettore umberto vittorio renzo dario sandro raffaele luciano alessio filippo tommaso
    cesare giulio guido ugo franco giancarlo gianfranco pierluigi francois philippe
    alain christophe didier fabien gilles guillaume herve laurent loic luc mathieu
    olivier sebastien thierry yves benoit arnaud thibaut gaspard hugues renaud bertrand
    edouard maxime alexandre baptiste fabrice franck gaston georges ludovic matthieu
    romain sylvain yannick yann jurgen helmut horst dieter gerhard gunter guenter klaus
    heinrich hermann joachim johannes jorg joerg lothar manfred matthias rainer reinhard
    rolf rudiger siegfried sven thorsten torsten ulrich uwe volker werner wolfgang
    wilhelm friedrich gerd gunther holger ingo jens jochen lars moritz niklas nils oskar
    philipp udo armin bernd christoph detlef eberhard egon florian franz gustav hartmut
    heiko karsten carsten knut konrad lutz steffen ulf anders bjorn magnus olof olav
    henrik mikael stig thor johan kjell leif pekka jukka mikko timo sauli juha arjen
    ruud pieter willem joost wouter jeroen frans henk hendrik geert gerrit maarten
    rutger wim vladimir sergei sergey dmitry dmitri dmitriy alexey aleksei aleksandr
    andrei andrey mikhail nikolai nikolay igor oleg boris viktor vitaly vyacheslav
    yevgeny evgeny gennady grigory konstantin leonid pavel pyotr ruslan stanislav
    anatoly arkady kirill vasily volodymyr oleksandr oleksiy petro taras bohdan vitali
    vitaliy yevhen andriy mykola serhiy dmytro ramzan tadeusz jaroslaw zbigniew andrzej
    krzysztof piotr pawel tomasz marek wojciech grzegorz mariusz janusz witold radoslaw
    slawomir mateusz lukasz jakub stanislaw wladyslaw bogdan milos slobodan goran zoran
    dragan radovan ratko aleksandar zlatan miroslav vaclav jiri petr vladislav ladislav
    branko davor zeljko predrag nenad dejan yosef yossi avraham yitzhak yehuda shlomo
    chaim menachem ehud eitan naftali yair yoav yigal shimon gideon ilan meir mordechai
    reuven shaul avigdor gilad yoni dov natan nir eyal omri oded ofer yoel ronen yaakov
    tzvi aryeh muhammad mahmoud mustafa mostafa moustafa hassan hussein hussain abdullah
    abdul abdel khalid khaled ibrahim yusuf youssef yousef yousuf tariq tarek karim
    hamid hamza bilal faisal fahad fahd saad salman saeed samir nabil nasser walid
    waleed ziad rashid mansour marwan majid osama usama anwar ayman bashar hafez hosni
    muammar moammar saddam qasem qassem yasser yasir zaid zayed amr ashraf adil haitham
    hisham imad ismail kamal munir nizar nouri salim saleh talal tawfiq wael yahya
    younis younes ammar amin aziz bassam emad fadi fouad ghassan hatem issam mahmood
    nawaf nidal raed samer usman uthman yasin yassin reza mohsen hossein javad jafar
    mehdi kazem ruhollah masoud massoud mojtaba alireza morteza arash babak behrouz
    dariush farhad kamran kourosh omid parviz ramin shahram recep tayyip mehmet ahmet
    murat emre burak hakan kemal ozan selim serkan tolga volkan ekrem binali rahul
    rajesh rajiv ramesh suresh mahesh ganesh dinesh naresh mukesh rakesh ravi sanjay
    sunil anil sachin vijay vikram arun ashok anand arvind amitabh narendra manmohan
    gautam kunal nikhil rohit rohan siddharth varun vivek aditya akshay ajay alok arjun
    ashish deepak gaurav harish hemant jagdish kapil manoj mohan nitin nitish pankaj
    piyush pradeep prakash pranab prashant rajendra rajnath ranjit sanjeev satish shyam
    subhash sudhir sumit suraj tarun uday umesh vinod vishal yogesh ashwin dhruv kartik
    raghav ratan sourav virat vinay zubin sundar raj imran nawaz shahbaz asif zulfikar
    pervez parvez bilawal tahir zahid irfan junaid arif aamir shoaib wasim waqar rizwan
    sajid zafar zubair kofi kwame kwesi kwaku kojo olusegun babatunde muhammadu atiku
    chukwuemeka chinedu emeka obinna nnamdi tunde segun thabo jomo raila yoweri abiy
    tedros mamadou moussa ousmane amadou ibrahima abdoulaye seydou souleymane hiroshi
    takeshi kenji shinzo yoshihide fumio junichiro kazuo haruki hideki ichiro masahiro
    naoki satoshi shigeru takashi tetsuya yukio yuji daisuke kenichi shinji tadashi
    yasuo shohei lebron dwyane giannis geoff gareth rhys huw idris dermot zak kieron
    barack hakeem kanye antonin
    """
)
