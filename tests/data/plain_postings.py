"""Plainly written postings of every label, in many styles, written for jobclass's tests.

Each is (id, label, style, text). None is copied from a real posting.
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
]
