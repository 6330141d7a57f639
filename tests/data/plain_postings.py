"""Plainly written postings of every label, in many styles, written for jobclass's tests.

Each is (id, label, style, text), labelled by the work it describes (docs/labelling-guide.md). None is
copied from a real posting.
"""

PLAIN_POSTINGS = [
    # -- data science ------------------------------------------------------------------------------
    ("ds-bullets", "data_science", "bullets", """What you'll do
- Design and analyse A/B tests for our checkout flow and tell product teams what the results mean
- Build statistical models of customer retention in Python and R
- Write SQL against our warehouse and present insights to stakeholders
- Build dashboards in Tableau for the leadership team
Requirements
- MSc or PhD in statistics, economics or a quantitative field
- Strong experimental design and hypothesis testing skills"""),
    ("ds-paragraph", "data_science", "one paragraph", "Our analytics team is looking for someone who turns data "
     "into decisions. You will explore large datasets with pandas and NumPy in Jupyter notebooks, run regression "
     "and causal inference analyses, forecast demand with time series models, and explain your findings to "
     "marketing and finance stakeholders in clear presentations. Experience with SQL, statistics and data "
     "visualization (matplotlib, seaborn, Power BI) is expected."),
    ("ds-html", "data_science", "HTML", "<h2>About the role</h2><p>You will join our insights group and answer "
     "the questions that shape our pricing.</p><ul><li>Run experiments and measure their impact with statistical "
     "rigour</li><li>Segment customers and model churn using logistic regression and survival analysis</li>"
     "<li>Query data with SQL and analyse it in R or Python</li><li>Communicate insights to executives with "
     "dashboards</li></ul><h3>You have</h3><ul><li>A degree in statistics or mathematics</li><li>3+ years of "
     "analytics experience</li></ul>"),
    ("ds-markdown", "data_science", "Markdown", """## The team
We are the **decision science** group of a retail bank.

## Responsibilities
* Build credit risk scorecards and evaluate them with statistical tests
* Perform exploratory data analysis on transaction data
* Work with business stakeholders to define KPIs and metrics
* Report findings in Power BI and written memos

## Skills
* SQL, Python (pandas, scikit-learn, statsmodels)
* Bayesian statistics, hypothesis testing"""),
    ("ds-no-role-name", "data_science", "no role names", "Help our product managers understand how people use the "
     "app. You'll define success metrics, design experiments, analyse the results with Python and SQL, build "
     "predictive models of engagement, and share what you learn in notebooks and dashboards. We value "
     "statistical thinking, curiosity and clear storytelling with data."),
    ("ds-short", "data_science", "short", "Statistician for A/B testing, regression analysis, SQL and R; "
     "you will report insights to stakeholders."),
    ("ds-healthcare", "data_science", "bullets", """Responsibilities:
* Analyse clinical and claims data to find drivers of patient outcomes
* Build predictive models and evaluate them with cross-validation
* Apply statistical methods (regression, survival analysis, propensity matching)
* Present insights to clinicians and operations leaders
Qualifications:
* Master's degree in biostatistics, statistics or epidemiology
* SAS, R or Python; SQL"""),
    ("ds-marketing", "data_science", "one paragraph", "Join the marketing analytics team to measure what works. "
     "You will build marketing mix models and attribution models, estimate incrementality with geo experiments, "
     "segment customers with clustering, and turn the numbers into recommendations for the CMO. Tools: Python, "
     "SQL, BigQuery, Looker, statistics."),
    ("ds-lowercase", "data_science", "no punctuation", "we need a data scientist to run ab tests analyse user "
     "behaviour with sql and python build forecasting models and present insights to product stakeholders "
     "strong statistics background required"),
    ("ds-product", "data_science", "bullets", """- Partner with product and design to size opportunities
- Define and monitor product metrics and investigate changes
- Build causal models to estimate the effect of launches
- Create self-serve dashboards (Looker, Tableau)
- Python, SQL, statistics; experience with experimentation platforms"""),
    ("ds-ops", "data_science", "one paragraph", "As a data scientist in our supply chain team you will model "
     "delivery times, optimise inventory with statistical forecasting, analyse operational data in SQL and "
     "Python, and build dashboards that operations managers use every day to make decisions."),
    ("ds-research", "data_science", "Markdown", """**What you will do**

1. Analyse survey and behavioural data to understand our users
2. Build statistical models (mixed effects, Bayesian hierarchical models) in R and Stan
3. Visualise results with ggplot2 and write reports for policy stakeholders

**What we look for**: a PhD in a quantitative social science, strong statistics and R."""),
    # -- ML engineering ----------------------------------------------------------------------------
    ("ml-mlops", "ml_engineering", "bullets", """What you'll do
- Build and run our MLOps platform: MLflow for experiment tracking and a model registry, Kubeflow pipelines
- Deploy models to Kubernetes and monitor them in production
- Automate training and deployment with CI/CD
Requirements
- Python, Docker, Kubernetes, Terraform
- Experience running machine learning systems in production"""),
    ("ml-one-line", "ml_engineering", "short", "We deploy PyTorch models on Kubernetes and monitor their latency."),
    ("ml-llm", "ml_engineering", "one paragraph", "You will fine-tune large language models, build "
     "retrieval-augmented generation pipelines with vector databases and embeddings, evaluate them, and serve "
     "them behind low-latency APIs. You will optimise inference with quantisation and vLLM on GPUs, and work "
     "with product engineers to ship LLM features to millions of users. Python, PyTorch, Hugging Face "
     "Transformers, LangChain."),
    ("ml-html", "ml_engineering", "HTML", "<p><strong>Responsibilities</strong></p><ul><li>Design, train and deploy "
     "deep learning models with TensorFlow and PyTorch</li><li>Build scalable data pipelines and feature "
     "stores</li><li>Serve models with low latency using Docker, Kubernetes and TensorFlow Serving</li>"
     "<li>Monitor model performance and drift in production</li></ul><p><strong>Requirements</strong></p><ul>"
     "<li>Strong software engineering in Python and C++</li><li>Experience with AWS SageMaker or Vertex AI</li>"
     "</ul>"),
    ("ml-markdown", "ml_engineering", "Markdown", """## About the role
You will build the infrastructure that trains and serves our recommendation models.

## You will
* Build distributed training jobs on GPUs with PyTorch and Ray
* Productionise models: packaging, serving, autoscaling and monitoring
* Optimise model inference latency and cost
* Write production-quality code in Python and Go

## You have
* Experience deploying machine learning models to production
* Kubernetes, Docker, gRPC, Kafka"""),
    ("ml-no-role-name", "ml_engineering", "no role names", "Take our models from notebook to production. You'll "
     "package trained models, build the serving layer and the CI/CD that deploys them, set up monitoring for "
     "latency and data drift, and tune inference performance on GPUs. We use Python, PyTorch, ONNX, Triton, "
     "Docker and Kubernetes on AWS."),
    ("ml-cv", "ml_engineering", "bullets",
     """- Develop and deploy computer vision models (object detection, segmentation)
- Optimise models for edge devices with TensorRT and quantization
- Build data pipelines for labelling and training
- C++ and Python; PyTorch; OpenCV; CUDA"""),
    ("ml-platform", "ml_engineering", "one paragraph", "Our ML platform team builds the tools every modelling "
     "team uses: feature store, training orchestration with Airflow, model registry, model serving and "
     "monitoring. You will design APIs, improve reliability and scalability, and help teams deploy models "
     "safely. Java or Python, Spark, Kubernetes, Azure ML."),
    ("ml-nlp", "ml_engineering", "Markdown", """**Responsibilities**
- Train and deploy NLP models for search ranking and query understanding
- Build embedding-based retrieval with FAISS
- Own model serving, A/B rollout and monitoring in production

**Requirements**
- Deep learning with PyTorch or TensorFlow; transformers
- Production software engineering; Docker; Kubernetes"""),
    ("ml-lowercase", "ml_engineering", "no punctuation", "looking for an engineer to build and deploy machine "
     "learning models in production write python and c++ services containerise with docker run on kubernetes "
     "monitor model performance and build training pipelines"),
    ("ml-recsys", "ml_engineering", "bullets", """Responsibilities:
* Build real-time recommendation systems serving millions of requests per day
* Implement model training pipelines with TensorFlow and Kubeflow
* Deploy, scale and monitor models on Google Cloud (Vertex AI)
* Improve latency and throughput of inference services"""),
    ("ml-agents", "ml_engineering", "one paragraph", "Build AI agents that act on behalf of our customers. You "
     "will integrate LLM APIs, design tool use and evaluation harnesses, build retrieval pipelines, and deploy "
     "and monitor the services in production with Python, TypeScript, Docker and Kubernetes."),
    # -- other ------------------------------------------------------------------------------------
    ("ot-recruiter", "other", "bullets", """We are hiring a technical recruiter to hire machine learning engineers
and data scientists.
- Source and screen candidates for our AI research and engineering teams
- Manage the interview process and close offers
- Build relationships with hiring managers
- 3+ years of technical recruiting experience; familiarity with machine learning roles is a plus"""),
    ("ot-product-manager", "other", "one paragraph", "As product manager for our AI features you will own the "
     "roadmap, talk to customers, write product requirements and work with engineering and design to launch. "
     "You understand how machine learning products work and can prioritise between competing requests. 5+ years "
     "of product management experience in B2B SaaS."),
    ("ot-data-engineer", "other", "bullets", """Responsibilities
- Build and maintain ELT pipelines with Airflow and dbt
- Model data in Snowflake and keep it reliable and documented
- Work with analysts and data scientists to make data available
Requirements
- SQL, Python, Airflow, dbt, Snowflake, AWS
- Experience with data warehousing and data modelling"""),
    ("ot-frontend", "other", "Markdown", """## What you'll do
* Build user interfaces with React and TypeScript
* Work with designers to ship accessible, fast pages
* Write tests and review code

## Requirements
* 4+ years of frontend development; CSS, HTML, JavaScript"""),
    ("ot-sales", "other", "one paragraph", "We are looking for an account executive to sell our analytics "
     "platform to enterprise customers. You will manage the full sales cycle, build pipeline, negotiate "
     "contracts and hit quota. Salesforce experience and a track record in SaaS sales required."),
    ("ot-nurse", "other", "HTML", "<p>Registered nurse for our cardiac unit.</p><ul><li>Provide patient care and "
     "administer medication</li><li>Work with physicians on care plans</li><li>Current RN licence and BLS "
     "certification required</li></ul>"),
    ("ot-backend", "other", "bullets", """- Design and build REST APIs in Go and PostgreSQL
- Improve the reliability and performance of our payment services
- Participate in on-call and incident reviews
- Experience with Kubernetes, Docker and AWS"""),
    ("ot-devops", "other", "one paragraph", "Our platform team needs a DevOps engineer to run our cloud "
     "infrastructure on AWS with Terraform, keep our Kubernetes clusters healthy, build CI/CD pipelines with "
     "GitHub Actions, and improve observability with Prometheus and Grafana."),
    ("ot-marketing", "other", "Markdown", """**Content marketing manager**

You will plan our content calendar, write blog posts and case studies about how customers use AI in their
business, run our newsletter and measure campaign performance with Google Analytics and HubSpot."""),
    ("ot-accountant", "other", "short", "Accountant to manage accounts payable, month-end close and "
     "reconciliations in Excel and NetSuite."),
    ("ot-support", "other", "bullets", """- Answer customer questions by email and chat
- Troubleshoot issues with our machine learning platform and escalate bugs to engineering
- Write help-centre articles
- Zendesk experience preferred"""),
    ("ot-teacher", "other", "one paragraph", "We are hiring a secondary school mathematics teacher to plan and "
     "deliver lessons, assess students, and support the school's extracurricular programme. A teaching "
     "qualification is required."),
    ("ot-mobile", "other", "HTML", "<h3>iOS Engineer</h3><p>Build our iPhone app in Swift and SwiftUI, work with "
     "designers and backend engineers, and ship weekly releases through the App Store.</p>"),
    # -- more, by the work they describe (many without a role name), written for the read-labels issue --
    # ------------------------------------------------------------------
    # data_science
    # ------------------------------------------------------------------
    ("ds-ab-testing-checkout", "data_science", "bullets", """Our checkout team ships changes every week and needs someone to tell us which ones actually work.

What you will do:
- Design A/B tests for checkout and payment flows, including power calculations and guardrail metrics
- Analyse results with proper treatment of variance, novelty effects and multiple comparisons
- Write clear readouts that recommend ship, iterate or stop
- Push back when a test is underpowered or a metric is misleading
- Help product teams frame hypotheses before anything gets built

What you bring:
- Solid grounding in statistics and hypothesis testing
- Fluent SQL and Python or R for analysis
- Experience explaining uncertainty to non-technical colleagues"""),

    ("ds-cuped-variance-reduction", "data_science", "one paragraph", """We run several hundred online experiments a year and want a data scientist to raise the statistical bar across all of them. You will research and introduce methods such as CUPED variance reduction, sequential testing and heterogeneous treatment effect estimation, then apply them to live tests in search, onboarding and notifications. Much of the job is analysis and advice: reviewing experiment designs, diagnosing sample ratio mismatches, re-analysing surprising results and writing guidance other teams can follow. You will present to product leadership monthly. We expect a graduate degree in statistics, economics or a similar field, strong Python or R, comfortable SQL and a track record of experimentation work in a consumer product."""),

    ("ds-two-sided-marketplace-tests", "data_science", "Markdown", """## About the work
Our marketplace connects freelance tutors with families, and both sides react to every change we make. We need help deciding what works.

## Responsibilities
- Plan two-sided experiments, including switchback and cluster-randomised designs where ordinary A/B tests would be biased by interference
- Build sequential monitoring so teams can stop tests early without inflating false positives
- Estimate long-term effects from short-term proxies and check that those proxies hold up
- Turn results into decisions with the product and operations teams

## Requirements
- Strong experimental design and causal reasoning
- SQL plus Python or R
- **Nice to have:** experience with marketplaces or network effects"""),

    ("ds-uplift-retention-offers", "data_science", "no role names", """Every month we send retention offers to customers who look likely to cancel, and we suspect many of those discounts go to people who would have stayed anyway. This role exists to fix that. You will build uplift models that estimate how much an offer changes each customer's chance of staying, design randomised holdouts to validate them, and work out the targeting rules that give the best return for the budget. You will present recommendations to the retention and finance teams and track whether the savings materialise. Useful background: causal inference, uplift or heterogeneous treatment effect methods such as meta-learners or causal forests, Python, SQL and the patience to explain why correlation is not enough."""),

    ("ds-causal-inference-transport-policy", "data_science", "HTML", """<h3>What you'll work on</h3>
<p>Our city transport authority changes fares, routes and timetables, and we need to know what those changes did. Randomised trials are rarely possible, so you will rely on observational methods.</p>
<ul>
<li>Estimate the effects of policy changes using difference-in-differences, regression discontinuity, instrumental variables and synthetic control</li>
<li>Check assumptions carefully and report sensitivity analyses</li>
<li>Write evaluation reports and brief the board on findings</li>
<li>Advise planning teams on how to design future changes so they can be evaluated</li>
</ul>
<h3>You have</h3>
<ul><li>Postgraduate training in econometrics, statistics or quantitative social science</li><li>R or Python, and SQL</li></ul>"""),

    ("ds-diff-in-diff-store-layouts", "data_science", "short", """Help a national pharmacy chain measure what its new store layouts really did to sales and basket size, using difference-in-differences, matched control stores and careful sensitivity checks. You will own the analysis end to end and present findings and recommendations to the retail leadership team. Strong statistics, SQL and R or Python required."""),

    ("ds-synthetic-control-geo-tests", "data_science", "no punctuation", """we cannot randomise television spend by household so we test by region and we need someone to make those tests trustworthy you will choose treatment and control regions run geo experiments and build synthetic control estimates of incremental sales you will quantify uncertainty explain results to the marketing and finance teams and recommend where the next pound of budget should go you know causal inference and time series well write clean R or Python and enjoy turning messy sales data into a clear answer"""),

    ("ds-biostat-oncology-trials", "data_science", "bullets", """Biostatistician, oncology late-phase trials

- Write statistical analysis plans and sample size justifications for phase II and III studies
- Specify and review analysis datasets and tables, listings and figures
- Perform survival analyses, including Kaplan-Meier estimates, Cox models and handling of non-proportional hazards
- Interpret results with clinical colleagues and contribute to clinical study reports and regulatory submissions
- Represent statistics in meetings with regulators when needed

You have an MSc or PhD in biostatistics or statistics, experience with SAS or R in a regulated setting, and knowledge of ICH E9 and estimands."""),

    ("ds-adaptive-trial-design", "data_science", "one paragraph", """We are a small contract research organisation helping biotech sponsors design smarter trials. In this role you will design adaptive and Bayesian dose-finding studies, run simulation studies to show their operating characteristics to sponsors and regulators, and analyse interim and final data when studies read out. You will spend most days in R, writing simulation code and reports, and the rest in discussion with clinical teams about endpoints, estimands and what the evidence actually supports. A PhD or strong MSc in statistics or biostatistics is expected, together with hands-on experience of adaptive designs and the regulatory expectations for them."""),

    ("ds-real-world-evidence-cardio", "data_science", "Markdown", """### Real-world evidence, cardiovascular outcomes

**What the job involves**
- Analysing electronic health records and claims data to estimate treatment effectiveness and safety
- Target trial emulation, propensity score weighting and time-to-event models
- Handling missing data, immortal time bias and confounding with care
- Writing protocols, study reports and manuscripts for peer-reviewed journals

**What we look for**
- Degree in epidemiology, biostatistics or statistics
- Confident with R or SAS and large observational datasets
- A clear writer who can explain limitations honestly"""),

    ("ds-demand-forecast-fresh-grocery", "data_science", "no role names", """Our stores throw away too much fresh food and still run out of bread by six. You will build demand forecasts for fresh categories at store and day level, measure forecast accuracy honestly, and study how weather, promotions, holidays and local events shift demand. The point is decisions: you will work with buying and replenishment teams to set order quantities and safety stock, test changes in pilot stores, and report on waste and availability. Tools are Python, SQL and whatever forecasting methods earn their keep, from exponential smoothing to gradient boosting. Experience with hierarchical or intermittent demand is a real plus."""),

    ("ds-revenue-forecast-saas", "data_science", "short", """Build and maintain the revenue forecast our finance leadership uses for board planning, combining pipeline, renewal and expansion data into scenarios with honest uncertainty ranges. You will explain variances each month and recommend where the plan is at risk. Strong statistics and time series skills, SQL and Python or R."""),

    ("ds-energy-load-forecast", "data_science", "HTML", """<p>We supply electricity to 400,000 homes and small businesses and buy most of it a day ahead. Forecast errors cost real money.</p>
<p><strong>Your work</strong></p>
<ul>
<li>Forecast half-hourly demand using weather, calendar and customer data</li>
<li>Quantify forecast uncertainty and translate it into hedging recommendations for the trading desk</li>
<li>Investigate why forecasts missed and what that tells us about customer behaviour, heat pumps and rooftop solar</li>
<li>Report accuracy and financial impact to the commercial team every month</li>
</ul>
<p><strong>You</strong> are comfortable with time series statistics, Python and SQL, and like explaining numbers to people who trade on them.</p>"""),

    ("ds-hotel-pricing-elasticity", "data_science", "bullets", """We run 60 independent hotels and price rooms mostly by instinct. Help us change that.

Responsibilities
• Estimate price elasticity by hotel, season and booking window
• Design pricing experiments and analyse their results
• Recommend rate strategies and discount rules to revenue teams, and quantify the expected gain
• Build simple tools so teams can see the trade-off between occupancy and rate

Requirements
• Econometrics or applied statistics background
• Python or R, SQL
• Able to explain demand curves without jargon"""),

    ("ds-econometrics-labour-market", "data_science", "one paragraph", """Our research unit studies how wages, hiring and job mobility respond to changes in the economy, and we publish findings that ministers and employers read. As an economist on the team you will build panel datasets from administrative and job-board sources, estimate models of wage growth and labour demand using fixed effects, instrumental variables and event-study designs, and write up results for policy briefs and working papers. You will present your findings to external audiences a few times a year. We are looking for a PhD or strong master's in economics, fluency in Stata, R or Python, and a record of careful empirical work."""),

    ("ds-airline-revenue-management", "data_science", "no punctuation", """join our revenue management analytics group and help decide how many seats to sell at each fare you will model booking curves and no show rates estimate demand by route and fare class and test changes to overbooking and fare rules through controlled experiments on selected routes you will present findings to network planning and pricing teams every week strong statistics and econometrics Python or R and SQL are needed and airline or hospitality experience is welcome"""),

    ("ds-product-analytics-note-app", "data_science", "Markdown", """# Data Scientist, Product Analytics

We make a note-taking app used by four million people. You will partner with one product squad and be the person who knows what our users actually do.

**You will**
- Define metrics for engagement and retention and make sure they mean what we think they mean
- Model the drivers of long-term retention with regression and survival methods
- Design and analyse experiments for new features
- Size opportunities before we build and evaluate features after launch
- Share findings in writing and in person with design, engineering and leadership

**You have**
- 3+ years in product analytics or data science
- Strong SQL, Python or R, and applied statistics"""),

    ("ds-savings-app-funnel", "data_science", "no role names", """In this role you will own the statistical picture of how people move through our savings app, from sign-up to first deposit to regular saving. You will model conversion at each step, find which user groups and product changes move the numbers, and separate genuine effects from seasonality and marketing activity. Expect to design experiments with the growth team, build cohort and survival analyses, and write short memos that end with a recommendation. We use SQL on BigQuery, Python notebooks and a lot of whiteboard time. You should have a quantitative degree and real experience applying statistics to product decisions."""),

    ("ds-churn-drivers-meal-kits", "data_science", "short", """Find out why subscribers to our meal-kit service cancel, quantify which drivers matter most using survival models and experiments, and turn that into concrete recommendations for the product and operations teams. You will present findings monthly and measure whether the changes we make actually reduce churn."""),

    ("ds-credit-scorecards-lending", "data_science", "bullets", """Lending decisions at our consumer finance company rest on the models you build. You will:

- Develop application and behavioural scorecards using logistic regression and gradient boosting
- Set approval cut-offs and credit limits by weighing expected loss against growth
- Validate models, monitor population stability and explain performance to the credit risk committee
- Document models to meet regulatory model risk standards
- Run reject inference and champion-challenger tests on lending strategy

You should know credit risk, statistics and SAS, R or Python well, and be able to defend a model in an audit."""),

    ("ds-motor-insurance-loss-models", "data_science", "HTML", """<p>Help our motor insurance business understand which policies cost more than we charge for them.</p>
<ul>
<li>Build frequency and severity models with generalised linear models and gradient boosting</li>
<li>Study loss trends by region, vehicle and driver profile and explain what is driving them</li>
<li>Recommend rating changes and underwriting rules, and estimate their effect on loss ratio and volume</li>
<li>Present results to the pricing committee and underwriting leadership</li>
</ul>
<p>You will need a strong statistics or actuarial background, R or Python, SQL, and the judgment to know when a model is good enough for a decision.</p>"""),

    ("ds-collections-contact-strategy", "data_science", "no role names", """When customers fall behind on payments, we have to decide who to call, who to text and who to leave alone for a week. This role is about making those decisions better. You will analyse repayment behaviour, build models that estimate the likelihood of recovery under different contact strategies, and design randomised tests of new approaches. Most weeks involve working through data in SQL and Python, checking whether an effect is real, and explaining results to the collections operations team in plain language. You will also track the fairness of outcomes across customer groups. A background in statistics, economics or a related field is expected."""),

    ("ds-survey-weighting-polling", "data_science", "one paragraph", """Our polling firm runs weekly national surveys for news organisations and charities, and the quality of our numbers depends on good statistical practice. You will design sampling plans, build weights using raking and multilevel regression with poststratification, estimate margins of error that reflect the design, and investigate non-response bias. You will also write the methodology notes that accompany published results and help clients interpret what the figures can and cannot say. We are looking for someone with training in survey statistics or quantitative social science and fluency in R; experience with online panels is helpful."""),

    ("ds-household-panel-study", "data_science", "Markdown", """## Quantitative research, household panel study

A university research centre is looking for someone to analyse our long-running household panel on income, health and family life.

### Main duties
- Clean and document survey waves and derive analysis variables
- Fit longitudinal and multilevel models to study how life events affect wellbeing and income
- Handle attrition and missing data with weighting and multiple imputation
- Co-author journal articles and policy reports with the study's academic team

### Essential
- Postgraduate degree in sociology, economics, demography or statistics
- Strong R or Stata"""),

    ("ds-public-health-survey", "data_science", "no punctuation", """the health department runs a large yearly survey of adult health and we need someone to turn it into reliable evidence you will analyse complex survey data with proper design weights estimate the prevalence of smoking obesity and chronic disease by area and group use small area estimation where samples are thin and test whether differences over time are real you will write briefings for policy teams and present results to local health boards experience with R or SAS survey packages and a degree in statistics or epidemiology are required"""),

    ("ds-football-player-valuation", "data_science", "bullets", """Football club, recruitment analytics

• Build statistical models of player performance from event and tracking data
• Adjust for team strength, league quality and age curves to compare players fairly
• Estimate player value and injury-adjusted availability to inform transfer decisions
• Present shortlists and evidence to the sporting director and head coach
• Evaluate past signings honestly so the process keeps improving

You are strong in Bayesian or mixed-effects modelling, fluent in Python or R, and genuinely interested in football."""),

    ("ds-rugby-injury-risk", "data_science", "short", """Work with our rugby club's medical and performance staff to analyse training load, GPS and injury records, estimate which patterns raise injury risk, and recommend changes to weekly training plans. Strong applied statistics, R or Python and the ability to explain uncertainty to coaching staff are essential."""),

    ("ds-marketing-mix-modelling", "data_science", "HTML", """<h2>Marketing effectiveness</h2>
<p>We spend over forty million a year across TV, search, social, radio and retail media. You will work out which of it pays back.</p>
<ul>
<li>Build and maintain marketing mix models with adstock and saturation effects</li>
<li>Calibrate the models against lift tests and geo experiments</li>
<li>Run budget scenarios and recommend reallocations to marketing leadership and channel teams</li>
<li>Explain clearly what the models can and cannot tell us</li>
</ul>
<p>Requirements: regression and Bayesian modelling, Python or R, SQL, and experience in marketing measurement.</p>"""),

    ("ds-bayesian-media-mix-fashion", "data_science", "no role names", """Our fashion retail group wants a clearer view of what each marketing channel adds to online and store sales. You will build a Bayesian media mix model in PyMC or Stan, bring in promotions, pricing and weather as controls, and validate it against our incrementality tests. The output is decisions: quarterly budget recommendations, response curves by channel and a short monthly note explaining what changed and why. You will work closely with the media planning team and our agency, and you will be expected to challenge attribution numbers that look too good to be true."""),

    ("ds-loyalty-segmentation-offers", "data_science", "one paragraph", """We run a supermarket loyalty programme with nine million members and want to understand them better. In this role you will segment customers using purchase behaviour and life-stage signals, test whether segments respond differently to offers, and measure the incremental value of personalised coupons through holdout groups. Much of the work is exploratory analysis followed by clear recommendations to the loyalty, category and marketing teams, delivered as concise decks and short written notes. You will need strong SQL and Python, a good grasp of clustering and statistical testing, and experience presenting to commercial audiences."""),

    ("ds-spare-parts-inventory-policy", "data_science", "no role names", """We ship spare parts to thousands of repair sites and want to hold less stock without leaving repair crews waiting. You will analyse part failure rates and lead times, model demand for slow-moving and intermittent items, and simulate inventory policies to show the trade-off between cost and service level. You will make recommendations on reorder points and where to position stock, test them in a few regions first, and report the results to supply chain leadership. Statistics, simulation and Python or R are essential; operations research experience is a plus."""),

    ("ds-fraud-loss-policy-analysis", "data_science", "Markdown", """**Payments risk insights**

You will study how fraud and chargebacks hit our merchants and decide what we should do about it.

- Analyse fraud patterns across card types, countries and merchant categories
- Estimate the cost and customer friction of each rule and threshold, and test changes through controlled experiments
- Recommend risk policy to the fraud operations and product teams, with the expected impact on losses and approval rates
- Build explanatory models to understand which signals matter; another team runs the real-time scoring service

Requirements: applied statistics, SQL, Python, and comfort presenting trade-offs to senior stakeholders."""),

    # ------------------------------------------------------------------
    # ml_engineering
    # ------------------------------------------------------------------
    ("ml-model-registry-cicd", "ml_engineering", "bullets", """Our models reach production through a process that still involves a lot of copying files by hand. Help us replace it.

In this role you will:
- Build CI/CD for models: automated training runs, evaluation gates and promotion through a model registry
- Package models as versioned containers and deploy them to Kubernetes
- Add lineage so every prediction can be traced to a model version, dataset and code commit
- Make it easy for modelling teams to ship without filing tickets

You bring Python, experience with MLflow or a similar registry, GitHub Actions or similar CI, Docker and Kubernetes, and a habit of automating the boring parts."""),

    ("ml-feature-store-platform", "ml_engineering", "no role names", """We are building the feature platform that every model at the company will use. You will design how features are defined, computed in batch and streaming, stored offline for training and served online with single-digit millisecond reads. You will solve training and serving skew, backfills and point-in-time correctness, and you will work with the teams training fraud, pricing and recommendation models to move them onto the platform. Day to day this means Python and Scala, Spark and Flink, Redis or DynamoDB, and a lot of careful thinking about consistency. Experience running Feast, Tecton or an in-house feature store is highly relevant."""),

    ("ml-canary-rollouts-serving", "ml_engineering", "Markdown", """## Model serving and safe rollouts

We serve around 200 models behind our ride-hailing app, from arrival time prediction to surge pricing. When a new version goes out, it has to go out safely.

### What you will build
- Canary and shadow deployment for models, with automatic rollback on latency or accuracy regressions
- Online evaluation that compares new and old model versions on live traffic
- Autoscaling and batching for CPU and GPU inference services

### What you need
- Strong Python and Go or Java
- Production experience with Kubernetes, service meshes and model servers such as KServe, Seldon or BentoML
- Familiarity with how models fail in production"""),

    ("ml-drift-monitoring-retraining", "ml_engineering", "one paragraph", """As a machine learning engineer on our credit decisioning platform, you will own the health of models after they ship. You will build monitoring for data drift, prediction drift and delayed ground-truth performance, set up alerts that on-call teams can act on, and automate retraining pipelines that rebuild, validate and redeploy models when performance slips. You will also harden the feature pipelines that feed these models and keep our serving APIs within their latency budget. We work in Python on AWS with SageMaker, Airflow and Evidently, and we expect you to have run models in production before."""),

    ("ml-kubeflow-training-pipelines", "ml_engineering", "no punctuation", """you will build and run the pipelines that take our models from a notebook to production this means Kubeflow pipelines for training and evaluation automated tests for data and models container builds deployment to our Kubernetes clusters and dashboards that show how every model is behaving in the real world you will support six modelling teams and help them ship faster and more safely strong Python Kubernetes and cloud experience on GCP are needed and any background in MLOps tooling such as Vertex AI MLflow or Argo is a plus"""),

    ("ml-rag-support-bot", "ml_engineering", "no role names", """Our customers ask the same questions about invoices and integrations thousands of times a week. You will build the assistant that answers them. The work covers the whole system: ingesting and chunking help articles and past tickets, building hybrid retrieval over a vector database, prompting and tool calling with a hosted LLM, and deciding when the assistant should hand over to a person. You will build evaluation sets from real conversations, run offline and online evaluations, and add guardrails against wrong or unsafe answers. We write Python, use pgvector and hosted models from the major providers, and deploy on AWS. You should have shipped an LLM feature to real users."""),

    ("ml-rag-legal-research", "ml_engineering", "HTML", """<p><strong>Legal research assistant</strong></p>
<p>Law firms use our product to search millions of judgments and contracts. We are adding retrieval-augmented generation that answers questions with cited passages.</p>
<ul>
<li>Build retrieval pipelines: chunking, embeddings, rerankers and hybrid keyword plus vector search</li>
<li>Fine-tune embedding and reranking models on our legal corpus</li>
<li>Design evaluations for citation accuracy and faithfulness, and automate them in CI</li>
<li>Serve the system at production latency and cost</li>
</ul>
<p>You have shipped search or LLM systems in production, write solid Python, and know vector databases such as Elasticsearch, Weaviate or Qdrant.</p>"""),

    ("ml-llm-eval-guardrails-bank", "ml_engineering", "bullets", """We put language models in front of bank customers, so they must not make things up.

You will:
- Build the evaluation harness every LLM feature must pass before release: test sets, automated graders and human review loops
- Implement guardrails for prompt injection, personal data leakage and off-topic answers
- Run red-teaming exercises and turn the findings into regression tests
- Monitor production conversations for failures and feed them back into prompts, retrieval and fine-tuning data

You have strong Python, hands-on experience shipping LLM applications, and good judgment about when a metric is measuring the wrong thing."""),

    ("ml-llm-fine-tuning-code-review", "ml_engineering", "short", """Fine-tune open-weight language models with LoRA and preference optimisation so our code review product gives sharper suggestions, then quantise and serve them on our own GPUs with vLLM at a latency users accept. You will own the training pipeline, evaluation and rollout of every model version we ship."""),

    ("ml-vector-retrieval-infra", "ml_engineering", "Markdown", """### Retrieval infrastructure

Every AI feature in our product depends on finding the right context quickly. You will own that layer.

* Run and scale our vector search across 2 billion embeddings with sub-50 ms p99 latency
* Build embedding pipelines that re-index content as it changes
* Train and evaluate domain embedding models and rerankers
* Measure retrieval quality with offline benchmarks and online experiments, and fix what they reveal

**Stack:** Python, Rust, Milvus, Kafka, PyTorch, Kubernetes.
**You:** have built search or retrieval systems in production and care about both recall and tail latency."""),

    ("ml-llm-agents-back-office", "ml_engineering", "one paragraph", """We are building agents that carry out routine back-office work for small accounting firms, such as reconciling bank statements and chasing missing receipts. You will design the agent loops, tool interfaces and memory, decide which steps need a model and which need plain code, and make the whole thing reliable enough to run unattended. That means building evaluation suites from real tasks, tracing and replaying failures, tuning prompts and fine-tuning smaller models where it saves cost, and deploying the agents as services with proper observability. Strong Python and production experience with LLM APIs and agent frameworks are essential."""),

    ("ml-edge-cv-traffic-cameras", "ml_engineering", "no role names", """Our cameras count and classify vehicles at junctions, and every model has to run on a low-power chip mounted on a pole. You will train detection and tracking models, then make them small and fast: pruning, INT8 quantisation, quantisation-aware training and conversion to TensorRT or the chip vendor's NPU toolchain. You will profile inference on the device, recover accuracy lost in conversion, and build the pipeline that pushes updated models to thousands of units in the field. Requirements include PyTorch, C++ for deployment code, and experience getting neural networks onto embedded hardware."""),

    ("ml-embedded-vision-drones", "ml_engineering", "bullets", """Agricultural drones, onboard perception

- Train segmentation models that find weeds and crop rows in aerial imagery
- Deploy them on NVIDIA Jetson modules with TensorRT, keeping inference within our frame budget
- Optimise preprocessing and postprocessing in C++ and CUDA
- Collect field data, manage labelling and retrain the models each season
- Test on real flights together with the flight software team

Must have: PyTorch, C++ and experience with on-device inference. Nice to have: ROS and sensor fusion."""),

    ("ml-on-device-photo-models", "ml_engineering", "short", """Ship the models behind our photo editing app onto phones: convert and compress them with Core ML and TensorFlow Lite, cut memory and latency until they run smoothly on three-year-old devices, and own the pipeline that retrains, benchmarks and releases each new model version."""),

    ("ml-cv-factory-inspection", "ml_engineering", "no punctuation", """we build visual inspection systems for car parts factories and you will make the models that spot scratches dents and missing welds on the line you will train detection and anomaly detection models from small and imbalanced image sets deploy them on industrial PCs next to the cameras monitor their accuracy as lighting and parts change and set up retraining when a new product line starts you should know PyTorch OpenCV and ONNX and enjoy spending time on the factory floor"""),

    ("ml-search-ranking-marketplace", "ml_engineering", "HTML", """<h3>Search ranking</h3>
<p>Buyers on our second-hand marketplace run forty million searches a day. You will decide what they see first.</p>
<ul>
<li>Train learning-to-rank models on click, save and purchase signals</li>
<li>Build real-time features and serve ranking models under a 30 ms budget</li>
<li>Ship improvements through online A/B tests and interleaving</li>
<li>Own ranking pipelines end to end, from training data to production monitoring</li>
</ul>
<p>You know Python and Java or Scala, have worked with LightGBM or deep ranking models, and have put ranking or recommendation systems into production.</p>"""),

    ("ml-video-feed-recommender", "ml_engineering", "no role names", """Our video app shows each user a personal feed, and the system behind it is yours to improve. You will train candidate generation and ranking models, design the features they use, and get them into production with the serving, caching and monitoring that a hundred million daily requests need. You will run online experiments to prove each change, fix feedback loops and popularity bias, and keep retraining pipelines fresh. We use PyTorch, Ray, Kafka and a custom serving layer in C++. Several years of building recommendation systems that real users rely on is what we are looking for."""),

    ("ml-two-tower-job-matching", "ml_engineering", "Markdown", """## Recommendations, retrieval stage

- Build and train two-tower retrieval models for our job matching product
- Run approximate nearest neighbour indexes that refresh every hour
- Work on cold start for new listings and new members
- Own offline evaluation, online tests and latency dashboards for the retrieval service

**Requirements**
- Production recommender experience
- PyTorch or TensorFlow, Python, and one JVM language
- Comfort with large-scale data processing on Spark"""),

    ("ml-research-llm-pretraining", "ml_engineering", "one paragraph", """We are hiring a research engineer to work on pretraining our next family of language models. You will design and run large training experiments, improve data mixtures and tokenisation, study scaling behaviour, and debug loss spikes and instabilities on runs that span thousands of GPUs. The models you help train go straight into our products and API, so you will also work on the handover to post-training and inference. You should be fluent in PyTorch and JAX or similar, understand transformer internals, and have hands-on experience with distributed training at scale."""),

    ("ml-research-vision-language-docs", "ml_engineering", "no role names", """Help us train the vision-language models behind our document understanding product. You will run experiments on architecture, data and training recipes, build datasets from scanned forms and photos, train models on multi-node GPU jobs, and measure them against benchmarks that reflect what customers actually upload. When an experiment wins, you will take it the rest of the way: distillation for cost, integration into the serving stack and monitoring after launch. A publication record is welcome but not required; a record of models that shipped is."""),

    ("ml-speech-streaming-asr", "ml_engineering", "bullets", """We make captioning software for live broadcasts. You will work on the speech recognition at its core.

- Train and fine-tune streaming ASR models for English, Spanish and Arabic
- Reduce latency and word error rate for noisy, fast and accented speech
- Deploy models on GPU inference servers handling thousands of simultaneous streams
- Build pipelines for data collection, transcription review and retraining
- Add custom vocabulary and speaker diarisation features

Experience: PyTorch, modern ASR architectures such as conformers or transducers, and production deployment of speech models."""),

    ("ml-speech-tts-audiobooks", "ml_engineering", "short", """Train and ship text-to-speech models for our audiobook platform, improving naturalness and the pronunciation of names, then optimise them for real-time GPU inference and run the pipelines that turn studio recordings into production voices. Hands-on PyTorch and experience shipping speech models are required."""),

    ("ml-speech-wake-word-edge", "ml_engineering", "no punctuation", """our smart home devices listen for a wake word on a tiny chip and you will make that work better you will train small keyword spotting and voice activity models that fit in under 200 kilobytes quantise them and deploy them to microcontrollers measure false accepts and false rejects in real homes and run the pipeline that collects data and ships new models over the air experience with TensorFlow Lite Micro or similar embedded ML and a good ear for audio problems are required"""),

    ("ml-fraud-realtime-scoring", "ml_engineering", "no role names", """Every card payment we process is scored for fraud before it is approved, and the whole decision has 40 milliseconds. You will build and run that system: training gradient boosting and sequence models on transaction histories, computing streaming features in Flink, serving models behind a low-latency API, and monitoring precision and drift as fraudsters change tactics. You will work with the risk policy team on thresholds, but your focus is keeping the models accurate, fast and always available. Experience with Java or Go services, Python model training and real-time systems is essential."""),

    ("ml-ecommerce-search-relevance", "ml_engineering", "HTML", """<p>Our e-commerce search serves 5,000 queries per second across twelve countries.</p>
<p>In this role you will:</p>
<ul>
<li>Train query understanding models for spelling correction, intent and attribute extraction</li>
<li>Deploy semantic retrieval and cross-encoder reranking within a strict latency budget</li>
<li>Distil and quantise models to keep serving costs down</li>
<li>Run the relevance evaluation pipeline and online experiments for every release</li>
</ul>
<p>We want someone who has built production search or NLP systems and is comfortable with Python, Java and Elasticsearch or OpenSearch.</p>"""),

    ("ml-ads-ctr-serving", "ml_engineering", "short", """Own the click-through prediction models in our ad server: train them daily on billions of impressions, serve them in under 10 milliseconds per auction, and monitor calibration so advertisers are charged fairly. Deep learning for tabular data and production C++ or Java experience are needed."""),

    ("ml-gpu-cluster-infra", "ml_engineering", "bullets", """ML Infrastructure Engineer

• Operate our GPU clusters of several thousand H100s across two clouds and one colocation site
• Build scheduling, quotas and job orchestration for training and batch inference on Kubernetes and Slurm
• Tune networking (InfiniBand, NCCL) and storage for large distributed training runs
• Automate node health checks and recover failed jobs from checkpoints
• Work directly with the teams training our models to remove bottlenecks

You have run large GPU fleets, know Linux deeply, and write solid Python and Go."""),

    ("ml-distributed-training-framework", "ml_engineering", "no role names", """Our modelling teams waste days waiting for training jobs, and you will fix that. You will build the training framework everyone uses: data loading that keeps GPUs busy, FSDP and tensor parallelism for large models, mixed precision, fault-tolerant checkpointing and experiment tracking. You will profile jobs, find the slow parts and make them faster, and you will help teams move from single-node scripts to multi-node runs. Deep PyTorch knowledge, familiarity with CUDA and experience training models across many GPUs are required."""),

    ("ml-llm-inference-optimisation", "ml_engineering", "Markdown", """## Inference optimisation

We serve open and in-house models to thousands of customers through our API. Cost per token and latency decide whether we win.

**Your work**
- Profile and optimise transformer inference: kernel fusion, speculative decoding, KV-cache management and continuous batching
- Quantise models to FP8 and INT4 while holding quality steady
- Run and extend our serving stack built on Triton Inference Server and vLLM
- Benchmark new GPUs and inference techniques and roll out what works

**You have** strong Python and C++, CUDA or Triton kernel experience, and a record of making models faster in production."""),

    ("ml-batch-scoring-pipelines", "ml_engineering", "one paragraph", """You will own the pipelines that train and score our propensity and lifetime value models every night for thirty million customers. That includes orchestrating training, validating data and model quality before anything is published, versioning datasets and models, writing scores back to the systems that use them, and being on call when a run fails. You will also move our older models from hand-run notebooks to tested, reproducible pipelines and set up monitoring for drift and accuracy. We work with Python, Spark, Airflow, MLflow and Snowflake on Azure, and we want someone who has taken models from experiment to dependable production."""),

    ("ml-document-ai-extraction", "ml_engineering", "no role names", """Insurers send us millions of claim forms, invoices and medical letters, and our product turns them into structured data. You will train and fine-tune layout-aware and vision-language models for classification and field extraction, build the pipelines that process documents in real time, and keep accuracy high as new document types arrive. Expect to set up active learning loops with our annotation team, deploy models behind APIs on Kubernetes, and monitor confidence and error rates in production. PyTorch, Hugging Face and production ML experience are required; OCR experience is a bonus."""),

    ("ml-forecasting-service-saas", "ml_engineering", "HTML", """<p>Our forecasting models are used by 800 retailers through our SaaS platform, and each night they produce 50 million forecasts.</p>
<ul>
<li>Build and maintain the training and inference pipelines behind these forecasts</li>
<li>Serve forecasts through APIs with clear SLAs and recover gracefully from bad input data</li>
<li>Automate backtesting, model selection and retraining for each customer</li>
<li>Monitor accuracy and pipeline health and respond to incidents</li>
<li>Reduce compute cost by optimising how models are trained and scheduled</li>
</ul>
<p>Python, distributed computing with Ray or Spark, cloud infrastructure and experience running ML systems in production are required.</p>"""),

    # ------------------------------------------------------------------
    # other
    # ------------------------------------------------------------------
    ("ot-analytics-engineer-dbt", "other", "bullets", """Analytics Engineer

We are a fast-growing online pharmacy and our analytics needs a solid foundation.

- Build and maintain dbt models that turn raw event, order and CRM data into clean, documented tables
- Design dimensional models and a metrics layer that everyone can trust
- Write tests, set up CI for dbt and keep warehouse costs in check on Snowflake
- Support the analysts and data scientists who use your tables every day

Requirements: advanced SQL, dbt, Git, and an understanding of data modelling (Kimball or similar). Python is a plus."""),

    ("ot-dbt-warehouse-redesign", "other", "no role names", """Our data warehouse grew fast and now nobody agrees on what an active customer is. In this job you will redesign our warehouse models in dbt on BigQuery, write the definitions for core business entities and metrics, add tests and documentation, and retire the hundreds of unused tables left behind. You will spend most of your time in SQL and code review, with some Python for tooling. The models you build feed dashboards, finance reporting and the features our machine learning team uses, so reliability matters more than cleverness."""),

    ("ot-semantic-layer-metrics", "other", "short", """Build and own the semantic layer and metric definitions that our dashboards and self-serve tools rely on, using dbt and LookML, so that revenue, retention and active users mean the same thing everywhere. Strong SQL, data modelling skills and plenty of patience with stakeholders are required."""),

    ("ot-partner-data-pipelines-airflow", "other", "no role names", """We collect data from forty partner APIs, three production databases and a mobile event stream, and all of it needs to land in our lake on time and in good shape. You will build and maintain the Airflow pipelines that do this, write Spark jobs to clean and join large datasets, manage schemas and data contracts, and set up alerting for late or broken loads. Our AI team consumes some of these datasets for modelling, but your work is the pipelines themselves: reliability, cost and data quality. Python, SQL, Spark, Airflow and AWS experience are required."""),

    ("ot-spark-streaming-telemetry", "other", "Markdown", """## Streaming data platform

We handle telemetry from 2 million connected thermostats.

**What you will do**
- Build Kafka and Spark Structured Streaming jobs that ingest, validate and aggregate device events
- Run our Delta Lake storage and manage partitioning, compaction and retention
- Provide clean datasets to the product, support and billing teams
- Keep pipelines observable and friendly to whoever is on call

**Who you are**
- A data engineer with production Spark and Kafka experience
- Comfortable in Scala or Python, SQL and Terraform"""),

    ("ot-etl-migration-snowflake", "other", "no punctuation", """we are moving twenty years of reporting from an on premise SQL Server warehouse to Snowflake and need someone to lead the pipeline work you will map old stored procedures and SSIS packages rebuild the loads in Fivetran dbt and Airflow reconcile numbers between the old and new systems and help finance and operations teams switch over without surprises strong SQL experience with ETL migrations and patience with legacy code are essential"""),

    ("ot-warehouse-ops-tableau-reporting", "other", "one paragraph", """Our operations group is hiring a data scientist to look after reporting for our warehouses and delivery fleet. Day to day you will build and maintain Tableau dashboards on delivery times, picking rates and staffing, write SQL to answer ad hoc questions from site managers, automate the weekly performance pack that goes to the leadership team, and make sure the numbers match finance. You will gather requirements from operations teams and train them to use the dashboards themselves. Strong SQL and Tableau are essential; familiarity with Python is useful but not required."""),

    ("ot-finance-sql-reporting", "other", "no role names", """The finance team needs reliable numbers every month, and this job is to provide them. You will write and maintain the SQL reports behind month-end close, revenue recognition and cost-centre reporting, build Power BI dashboards for budget holders, reconcile figures between the billing system and the ledger, and answer ad hoc questions from finance leadership. Advanced Excel and SQL are essential. There is no modelling or forecasting in this job; the value is accuracy, timeliness and clear presentation."""),

    ("ot-call-centre-power-bi", "other", "short", """Create and maintain Power BI dashboards and scheduled SQL reports for our call centres, covering call volumes, handling times and customer satisfaction, and help each site use them to plan shifts and weekly staffing reviews. Solid SQL, DAX and Power BI skills are needed."""),

    ("ot-backend-meeting-assistant", "other", "bullets", """We are an AI startup building a meeting assistant, and our research team trains the models. You will build everything around them.

- Design and run the backend services for accounts, billing, calendars and integrations in Go and PostgreSQL
- Build the APIs our web and mobile apps use, including the endpoints that return summaries produced by the model team's service
- Improve reliability, observability and security across the platform
- Take part in the on-call rotation

You have several years of backend experience, know cloud infrastructure on GCP, and enjoy working in a small team. No machine learning experience needed."""),

    ("ot-frontend-writing-assistant", "other", "HTML", """<p>We build an AI writing assistant used by two million students. You will build what they see.</p>
<ul>
<li>Develop our web app in React and TypeScript, including the chat interface, document editor and streaming responses</li>
<li>Make the interface fast, accessible and pleasant on low-end laptops</li>
<li>Work with design on new features and run usability sessions</li>
<li>Write tests and maintain our component library</li>
</ul>
<p>The language models are built and run by a separate team; your work is the front end. Strong React, TypeScript and CSS skills are required.</p>"""),

    ("ot-ios-fitness-app", "other", "no role names", """Our fitness app uses machine learning to suggest workouts, and millions of people open it every morning. In this role you will build features for the iOS app in Swift and SwiftUI: workout tracking, HealthKit integration, offline support and the screens that display the recommended plan sent by our backend. You will care about smooth animations, battery life and crash-free sessions, review code, and ship every two weeks. Several years of native iOS development and a published app are required; knowledge of Kotlin is a plus."""),

    ("ot-recruiter-ml-research-teams", "other", "one paragraph", """We are looking for a technical recruiter to build our machine learning and research teams over the next year. You will own hiring for ML engineers, research scientists and data scientists from first outreach to signed offer: writing role descriptions with hiring managers, sourcing on GitHub, at conferences and through paper authorship, running phone screens, coordinating interview loops and closing candidates. You do not need to code, but you should be curious enough to understand the differences between the roles you hire for. Previous experience recruiting for technical roles at a startup or large tech company is required."""),

    ("ot-talent-sourcing-ai-lab", "other", "short", """Find and engage the people our AI lab wants to hire: search publications, open-source projects and conference programmes, hold first conversations, keep our hiring pipeline organised and help plan recruiting events. Several years of technical sourcing experience are needed, and no programming is required."""),

    ("ot-product-manager-ml-platform", "other", "Markdown", """# Product Manager, ML Platform

Our ML platform lets 300 data scientists and engineers train, deploy and monitor models. You will decide what it does next.

- Interview platform users, understand where they lose time and turn that into a roadmap
- Write clear requirements and prioritise with the engineering team
- Define success metrics for adoption and reliability and report on them
- Coordinate launches and communicate changes across the company

**You have** product management experience with developer tools or infrastructure and enough technical understanding of machine learning workflows to hold credible conversations. You will not be building models yourself."""),

    ("ot-programme-ai-feature-launches", "other", "no role names", """We are launching AI features in our accounting software across eight countries this year, and someone has to keep all of it on track. You will plan and run the programme: schedules, dependencies, risk registers and launch checklists across product, legal, security, support and marketing. You will run weekly status meetings, escalate blockers early and make sure compliance reviews for each market are finished before go-live. Experience delivering complex software programmes is essential; familiarity with AI products helps, but you will not be building them."""),

    ("ot-technical-writer-ml-platform-docs", "other", "bullets", """Technical Writer, developer documentation

Our company sells a model training and deployment platform. You will write the docs that help people use it.

- Write tutorials, API references and conceptual guides for our Python SDK and REST API
- Test every code sample and keep the docs in sync with each release
- Work with product and engineering teams to understand new features before launch
- Improve the structure, search and navigation of our docs site

You have written documentation for developer products, can read Python, and can explain concepts like fine-tuning or model deployment in plain language."""),

    ("ot-solutions-consultant-ai-sales", "other", "one paragraph", """Join our sales team as a solutions consultant for our enterprise AI platform. You will run discovery sessions with prospective customers in banking and insurance, map their problems to our product, build and deliver tailored demos, answer security and architecture questionnaires, and support account executives through proof-of-concept projects until the contract is signed. You will not build models for customers, but you should be technical enough to talk about APIs, data privacy and deployment options with confidence. Previous pre-sales experience in enterprise software is required, and a quota-sharing bonus applies."""),

    ("ot-customer-success-document-ai", "other", "no role names", """After a customer signs, you become their main point of contact. You will onboard new accounts onto our AI document processing product, run training sessions, track adoption and health scores, lead quarterly business reviews and spot opportunities for renewal and expansion. When something breaks you will coordinate with the support and engineering teams and keep the customer informed. Experience managing a portfolio of enterprise SaaS accounts is essential; a basic understanding of how AI products work is welcome."""),

    ("ot-data-governance-bank", "other", "HTML", """<h3>Data governance</h3>
<p>As a regulated bank we need to know where our data lives, who owns it and who can use it, including the data that feeds our AI models.</p>
<ul>
<li>Roll out and run our data catalogue and lineage tooling</li>
<li>Define data ownership, classification and retention policies with business units</li>
<li>Run data quality issue management and report to the data governance committee</li>
<li>Support compliance with GDPR and banking regulation, including reviews of AI use cases</li>
</ul>
<p>Experience with data governance or data management frameworks such as DAMA, and familiarity with tools like Collibra or Alation, are expected.</p>"""),

    ("ot-privacy-data-protection", "other", "no punctuation", """help us look after customer data responsibly you will review new data uses including analytics and AI projects against privacy law run data protection impact assessments keep records of processing up to date answer subject access requests and train colleagues on good data handling you will work with legal security and product teams and report to our privacy office knowledge of GDPR and experience in privacy or information governance are required"""),

    ("ot-firmware-wearable-sensors", "other", "bullets", """Embedded firmware for wearable sensors

- Write firmware in C for low-power ARM Cortex-M microcontrollers
- Develop drivers for accelerometers, heart-rate sensors and Bluetooth Low Energy
- Optimise power consumption to reach seven days of battery life
- Build test rigs and support manufacturing bring-up
- Agree the data format for sensor streams with the app team

You have shipped embedded products, know RTOS concepts, and are comfortable with oscilloscopes and logic analysers. A separate algorithms team runs activity classification models on the phone; you will not work on those."""),

    ("ot-pcb-design-warehouse-robots", "other", "no role names", """Our warehouse robots see the world through cameras and lidar, and you will design the electronics that make that possible. You will own schematic design and PCB layout for sensor and power boards, select components, work through signal integrity and thermal issues, bring up prototypes in the lab and support the move to volume manufacturing with our contract manufacturer. Altium, high-speed digital design and experience with EMC testing are required. The perception software is handled by another team, so no machine learning background is needed."""),

    ("ot-computational-chemistry-batteries", "other", "Markdown", """### Computational chemistry, battery materials

**About the role**
You will use simulation to help our lab find better electrolyte materials.

**Responsibilities**
- Run density functional theory and molecular dynamics simulations of electrolyte and electrode interfaces
- Interpret results with the experimental team and propose candidate molecules to synthesise
- Maintain simulation workflows on our HPC cluster
- Write internal reports and contribute to patents and publications

**Requirements**
- PhD in chemistry, physics or materials science
- Experience with VASP, Gaussian or LAMMPS and scripting in Python"""),

    ("ot-functional-genomics-lab", "other", "short", """Run CRISPR screens and cell-based assays in our functional genomics lab, from designing guide libraries to culturing cells and preparing sequencing libraries, and present results at weekly team meetings. A PhD in molecular biology and strong hands-on bench experience are required."""),

    ("ot-atmospheric-physics-postdoc", "other", "one paragraph", """Our institute is looking for a postdoctoral researcher in atmospheric physics. You will develop and run high-resolution numerical weather and climate models to study how convective storms respond to warming, design simulation experiments on our national supercomputer, compare model output with radar and satellite observations, and publish in leading journals. You will also help supervise PhD students and contribute to grant applications. Candidates need a PhD in atmospheric science, physics or a related field, programming skills in Fortran or Python, and experience with models such as WRF or ICON."""),

    ("ot-sre-payments-platform", "other", "no role names", """Our payments platform processes card transactions for online shops, and it must not go down. You will run and improve the infrastructure behind it: Kubernetes clusters on AWS, Terraform, Postgres and Kafka, observability with Prometheus and Grafana, and the incident process. You will automate deployments, tune capacity and lead post-incident reviews. Some of our services call a fraud scoring model owned by another team; keeping those services up is part of the job, but building or tuning models is not. Strong Linux, networking and infrastructure-as-code experience is required."""),

    ("ot-qa-automation-hospital-software", "other", "HTML", """<p>We build software that hospitals use to schedule operating theatres, including an AI-assisted scheduling suggestion feature.</p>
<p><strong>Responsibilities</strong></p>
<ul>
<li>Design and maintain automated test suites with Playwright and pytest</li>
<li>Write test plans for new releases and run exploratory testing</li>
<li>Track defects and work with the development team to reproduce and fix them</li>
<li>Support the validation documentation required for medical software</li>
</ul>
<p><strong>Requirements:</strong> experience in test automation, Python or TypeScript, and an eye for detail. Experience with regulated software is a plus.</p>"""),

    ("ot-it-support-ai-tool-rollout", "other", "no punctuation", """be the first line of help for our 600 colleagues across three offices you will set up laptops and accounts fix printer and network problems manage Microsoft 365 and our device management system and help roll out the new AI assistant licences with short training sessions and simple how to guides you are patient friendly and organised and have at least two years of IT support experience"""),

    ("ot-ai-strategy-consulting", "other", "no role names", """Clients come to us asking where AI could actually help their business. In this role you will interview leadership and front-line teams, map processes, size opportunities and build business cases, then shape roadmaps and governance for adopting AI responsibly. You will lead workshops, write the final recommendations and present them to boards. Technical delivery is done by partner firms; your job is strategy, change management and client relationships. We are looking for several years of management consulting or strategy experience and a strong interest in technology."""),

    ("ot-annotation-vendor-operations", "other", "bullets", """Annotation operations

- Manage a network of labelling vendors producing image and text annotations
- Write and maintain labelling guidelines and run training for the vendor workforce
- Track throughput, cost and quality, and run audits and calibration sessions
- Plan capacity with the teams that request labelled data
- Negotiate contracts and handle vendor performance issues

You have experience in operations or vendor management, are very organised and are comfortable with spreadsheets and basic SQL. You will not train or evaluate models."""),
]
