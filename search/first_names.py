"""Common English given names that tell a person's gender, so that "Mr. Obama" is not
Michelle Obama and "she" passes over Tom Fielding when no title says.

The lists are written by hand after the most popular given names of babies born in the
United States from the 1930s to the 1990s (the Social Security Administration's
popular-name tables), without the names common to both (Jordan, Taylor, Leslie, Dana,
Jean, …) and the commonest that are also places (Virginia, Georgia, Charlotte, Eugene)
or words (Grace, Ruby, April, Dawn), which may open the names of other things
("Virginia Gov. …"); names such as Mark, Frank or Victoria stay. A name missing here
tells nothing; it never makes a gender up.
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
    freddie wade
    """
)
