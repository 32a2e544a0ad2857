// Word pools for the synthetic B2B contact generator. Names are ordered roughly by how common they
// are (the generator draws them Zipf-like, so common names collide across entities the way they do
// in real CRMs — that is what produces namesakes). Mixed origins on purpose.

const words = (text: string): string[] => text.trim().split(/\s+/);

export const FIRST_NAMES: readonly string[] = words(`
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Margaret
Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin
Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Edward Sharon Jason Laura Jeffrey
Cynthia Ryan Kathleen Jacob Amy Gary Angela Nicholas Shirley Eric Anna Jonathan Brenda Stephen Pamela
Larry Emma Justin Nicole Scott Helen Brandon Samantha Benjamin Katherine Samuel Christine Gregory
Debra Alexander Rachel Frank Carolyn Patrick Janet Raymond Catherine Jack Maria Dennis Heather Jerry
Diane Tyler Ruth Aaron Julie Jose Olivia Adam Joyce Nathan Virginia Henry Victoria Douglas Kelly
Zachary Lauren Peter Christina Kyle Joan Ethan Evelyn Walter Judith Noah Megan Jeremy Andrea Christian
Cheryl Keith Hannah Roger Jacqueline Terry Martha Gerald Gloria Harold Teresa Sean Ann Austin Sara
Carl Madison Arthur Frances Lawrence Kathryn Dylan Janice Jesse Jean Jordan Abigail Bryan Alice Billy
Julia Bruce Judy Gabriel Sophia Logan Grace Alan Denise Juan Amber Wayne Doris Roy Marilyn Ralph
Danielle Randy Beverly Eugene Isabella Vincent Theresa Russell Diana Elijah Natalie Louis Brittany
Bobby Charlotte Philip Marie Johnny Kayla Jon Jonathon Jim Alexis Katie Kathy Kate Lori Priya Rahul
Amit Anjali Sanjay Deepa Vikram Sunita Arjun Kavya Rohan Neha Raj Pooja Anil Lakshmi Suresh Meera
Ravi Divya Wei Li Jing Xin Hao Mei Lei Yan Jun Ying Chen Hui Tao Ling Hiroshi Yuki Kenji Aiko Takeshi
Haruka Min-jun Ji-woo Seo-yeon Hyun Sung Mohammed Fatima Ahmed Aisha Omar Layla Ali Zainab Hassan Noor
Yusuf Mariam Ibrahim Leila Khalid Amira Carlos Sofia Luis Camila Miguel Valentina Jorge Lucia Alejandro
Isabel Diego Gabriela Javier Elena Fernando Ana Ricardo Paula Eduardo Carmen Pablo Rosa Andres Daniela
Chinedu Ngozi Oluwaseun Adaeze Kwame Ama Kofi Abena Tunde Folake Emeka Chiamaka Sipho Thandiwe Tendai
Amara Lukas Anna-Lena Jonas Lena Felix Leonie Maximilian Sophie Tobias Hannes Klaus Ingrid Pierre
Camille Antoine Juliette Mathieu Chloe Nicolas Manon Olivier Margaux Giovanni Giulia Marco Francesca
Luca Chiara Sven Astrid Lars Freya Erik Ingeborg Piotr Agnieszka Tomasz Katarzyna Dmitri Olga Sergei
Natalia Ivan Tatiana Aleksandr Svetlana Nguyen Linh Minh Thanh Duc Mai Siddharth Nikhil Shreya Aditya
Ishaan Tanvi Kiran Farhan Bilal Saira Usman Ayesha Tariq Hamza Emre Elif Mehmet Zeynep Can Ayse Dara
Niamh Siobhan Cormac Aoife Declan Ciara Liam Saoirse Owen Megan Rhys Bethan Gareth Sian
`);

/** Canonical first name → nicknames people put in CRMs instead (and vice versa). */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Robert: ['Bob', 'Rob', 'Bobby', 'Robbie'],
  William: ['Bill', 'Will', 'Billy', 'Liam'],
  Katherine: ['Kate', 'Kathy', 'Katie', 'Kat'],
  Kathleen: ['Kathy', 'Kate'],
  Catherine: ['Cathy', 'Cat', 'Kate'],
  Elizabeth: ['Liz', 'Beth', 'Lizzie', 'Betty', 'Eliza'],
  Richard: ['Rick', 'Dick', 'Rich', 'Ricky'],
  James: ['Jim', 'Jimmy', 'Jamie'],
  John: ['Jack', 'Johnny', 'Jon'],
  Jonathan: ['Jon', 'Jonny', 'Nate'],
  Michael: ['Mike', 'Mick', 'Mikey'],
  David: ['Dave', 'Davey'],
  Joseph: ['Joe', 'Joey'],
  Thomas: ['Tom', 'Tommy'],
  Christopher: ['Chris', 'Kit'],
  Charles: ['Charlie', 'Chuck', 'Chas'],
  Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'],
  Anthony: ['Tony'],
  Donald: ['Don', 'Donnie'],
  Steven: ['Steve'],
  Stephen: ['Steve'],
  Andrew: ['Andy', 'Drew'],
  Joshua: ['Josh'],
  Kenneth: ['Ken', 'Kenny'],
  Timothy: ['Tim', 'Timmy'],
  Ronald: ['Ron', 'Ronnie'],
  Edward: ['Ed', 'Eddie', 'Ted', 'Ned'],
  Jeffrey: ['Jeff'],
  Nicholas: ['Nick', 'Nicky'],
  Gregory: ['Greg'],
  Alexander: ['Alex', 'Sasha', 'Xander'],
  Samuel: ['Sam', 'Sammy'],
  Benjamin: ['Ben', 'Benny'],
  Patrick: ['Pat', 'Paddy'],
  Raymond: ['Ray'],
  Gerald: ['Gerry', 'Jerry'],
  Lawrence: ['Larry'],
  Zachary: ['Zach', 'Zack'],
  Peter: ['Pete'],
  Nathan: ['Nate'],
  Frank: ['Frankie'],
  Eugene: ['Gene'],
  Vincent: ['Vince', 'Vinny'],
  Philip: ['Phil'],
  Walter: ['Walt'],
  Douglas: ['Doug'],
  Margaret: ['Maggie', 'Peggy', 'Meg', 'Marge'],
  Patricia: ['Pat', 'Patty', 'Trish'],
  Jennifer: ['Jen', 'Jenny'],
  Susan: ['Sue', 'Suzy'],
  Jessica: ['Jess', 'Jessie'],
  Deborah: ['Deb', 'Debbie'],
  Debra: ['Deb', 'Debbie'],
  Rebecca: ['Becky', 'Becca'],
  Samantha: ['Sam', 'Sammie'],
  Christine: ['Chris', 'Chrissy', 'Tina'],
  Christina: ['Chris', 'Tina'],
  Victoria: ['Vicky', 'Tori'],
  Abigail: ['Abby'],
  Alexandra: ['Alex', 'Sandra'],
  Pamela: ['Pam'],
  Cynthia: ['Cindy'],
  Kimberly: ['Kim'],
  Stephanie: ['Steph'],
  Jacqueline: ['Jackie'],
  Judith: ['Judy'],
  Theresa: ['Terry', 'Tess'],
  Teresa: ['Terry', 'Tess'],
  Natalie: ['Nat'],
  Isabella: ['Bella', 'Izzy'],
  Gabriela: ['Gaby'],
  Alejandro: ['Alex', 'Ale'],
  Francesca: ['Fran', 'Frankie'],
  Giovanni: ['Gianni'],
  Maximilian: ['Max'],
  Aleksandr: ['Sasha', 'Alex'],
  Dmitri: ['Dima'],
  Mohammed: ['Mo', 'Mohamed', 'Muhammad'],
  Oluwaseun: ['Seun'],
  Siddharth: ['Sid'],
  Vikram: ['Vik'],
  Javier: ['Javi'],
  Eduardo: ['Eddie', 'Edu'],
  Ricardo: ['Ricky'],
};

export const LAST_NAMES: readonly string[] = words(`
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett
Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell
Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons
Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes
Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison
Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns
Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks
Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt
Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer
Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan
Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston
Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios
Estrada Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison
Franklin Carlson Austin Dominguez Carr Lawson Jacobs Obrien Lynch Singh Vega Bishop Montgomery
Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le McCoy
Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little Banks Padilla Day
Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May Holland Juarez Newman Pearson
Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade Molina Stanley
Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier
Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris Jennings Watts
Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt Deleon Barker Terry Hale Leon
Hail Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera McKinney Mann
Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson Reeves Chang Klein
Salinas Fuentes Baldwin Daniel Simon Velasquez Hardy Higgins Aguirre Lin Cummings Chandler Sharp
Barber Bowen Ochoa Dennis Robbins Liu Ramsey Francis Griffith Paul Blair Oconnor Cardenas Pacheco
Cross Calderon Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald Rosales Stevenson
Sharma Gupta Kumar Shah Mehta Iyer Reddy Rao Nair Chopra Kapoor Desai Joshi Agarwal Bose Zhang Zhao
Wu Zhou Xu Sun Ma Zhu Hu Guo Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Sato
Choi Jung Kang Cho Yoon Jang Lim Hussain Ahmed Rahman Malik Qureshi Haddad Nasser Farouk Aziz
Okafor Okonkwo Adeyemi Balogun Mensah Owusu Boateng Nkosi Dlamini Mwangi Kamau Otieno Muller
Schmitz Fischer Wagner Hoffmann Koch Richter Wolf Schroder Neumann Schwarz Dubois Durand Leroy
Moreau Laurent Lefebvre Rousseau Fontaine Rossi Russo Ferrari Esposito Bianchi Romano Colombo
Ricci Marino Greco Andersson Johansson Karlsson Nilsson Larsen Hansen Kowalski Nowak Wisniewski
Wojcik Ivanov Petrov Smirnov Volkov Popov Novak Horvat Kovacs Nagy Papadopoulos Yilmaz Kaya Demir
Sahin Celik Murphy Kelly Byrne Ryan Doyle McCarthy Gallagher Doherty Kennedy Lynch Quinn Davies
Evans Price Llewellyn Pritchard Morgan Vaughan Ngata Tamaki Kaur Gill Sandhu Dhillon Grewal Sidhu
`);

/** Distinctive words for company names (the brand part). */
export const BRAND_WORDS: readonly string[] = words(`
Acme Apex Summit Pinnacle Northwind Bluepeak Silverline Ironwood Redwood Cedar Harbor Beacon Vertex
Quantum Nimbus Stratus Cobalt Crimson Granite Falcon Eagle Osprey Meridian Horizon Zenith Atlas
Orion Polaris Vega Nova Stellar Lumen Helix Vector Matrix Nexus Fusion Catalyst Keystone Cornerstone
Bridgewater Clearwater Stonebridge Riverbend Lakeside Highland Evergreen Maple Willow Aspen Sierra
Cascade Prairie Canyon Mesa Coastal Pacific Atlantic Northern Southern Eastern Western Central Metro
Urban Civic Liberty Pioneer Frontier Heritage Legacy Sterling Regal Crown Royal Monarch Titan Vanguard
Sentinel Guardian Patriot Unity Alliance Synergy Momentum Velocity Kinetic Dynamo Spark Ember Blaze
Aurora Solstice Equinox Tidal Coral Indigo Scarlet Amber Onyx Jade Opal Sapphire Emerald Topaz
Brightpath Clearview Truenorth Bluewave Greenfield Whitestone Blackrock Goldleaf Silverbirch
Oakridge Pinecrest Elmwood Ashford Kingsley Windsor Hampton Lancaster Chester Bristol Camden Avalon
Everest Kilimanjaro Andes Alpine Fjord Tundra Savanna Delta Sigma Omega Alpha Gamma Kappa Lambda
Datavia Cloudnine Bytewise Codeforge Netwise Infosphere Logicworks Techbridge Brainstorm Mindful
Purple Orange Yellow Violet Teal Azure Cerulean Quartz Basalt Flint Slate Obsidian Marble
`);

/** What the company does; also used as the second word of the name. */
export const INDUSTRY_WORDS: readonly string[] = words(`
Systems Solutions Technologies Software Analytics Logistics Consulting Partners Holdings Group
Industries Manufacturing Labs Networks Communications Media Capital Ventures Health Medical
Pharmaceuticals Energy Foods Brands Retail Logistics Freight Engineering Construction Builders
Designs Digital Data Security Robotics Dynamics Materials Chemicals Financial Insurance Realty
Properties Hospitality Travel Education Learning Services Outsourcing Staffing Advisors Marketing
`);

export const STREET_NAMES: readonly string[] = words(`
Market Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Church Mill River Spring Center
Broad Bridge Union High Front Water Harbor Commerce Industrial Madison Jefferson Franklin Lincoln
Jackson Adams Walnut Chestnut Highland Sunset Meadow Forest Valley Ridge Prospect College Grand
Mission Howard Folsom Bryant Harrison Brannan Townsend Mercer Pearl Liberty Hudson Greenwich
`);

/** Given names that run in families as Sr./Jr. (almost always men's names in US records). */
export const FAMILY_FIRST_NAMES: readonly string[] = words(`
James Robert John Michael David William Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Donald Steven Paul Andrew Kenneth George Edward Ronald Frank Raymond Gerald Harold
Walter Henry Arthur Carlos Luis Jose Juan Samuel Benjamin Patrick
`);
