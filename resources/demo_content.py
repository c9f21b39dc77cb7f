"""The words of the demo library: written for PM Portal, about product-management topics.

`resources/demo.py` turns each entry into a resource with real files drawn by code.
"""

EBOOKS = [
    {
        "slug": "roadmaps-that-survive-contact",
        "title": "Roadmaps That Survive Contact with Reality",
        "summary": "How to build a roadmap around outcomes and confidence levels, so it stays "
        "useful when plans change.",
        "tags": ["roadmaps", "product strategy", "prioritization"],
        "authors": "Amara Okafor",
        "access": "members",
        "sections": [
            (
                "Why most roadmaps break",
                "A roadmap that lists features with dates is a promise "
                "the team cannot keep: the first surprise from a customer or a competitor turns it "
                "into fiction. Treat the roadmap as a statement of intent about problems, not a "
                "delivery schedule.",
            ),
            (
                "Now, next, later",
                "Group work by how sure you are. Now holds what is committed "
                "and staffed. Next holds problems you have evidence for but no solution yet. Later "
                "holds bets you are still exploring. Each column has a different level of detail.",
            ),
            (
                "Outcomes over outputs",
                "Write each item as the change you expect in customer "
                "behaviour or a business metric. 'Cut onboarding drop-off by a third' invites "
                "ideas; 'build a setup wizard' closes the discussion too early.",
            ),
            (
                "Reviewing the roadmap",
                "Revisit the roadmap every month with engineering, sales "
                "and support in the room. Move items between columns openly and say why: trust "
                "comes from seeing the reasoning, not from dates that never move.",
            ),
        ],
    },
    {
        "slug": "pricing-for-product-managers",
        "title": "Pricing for Product Managers",
        "summary": "A practical introduction to value-based pricing, packaging and running "
        "price tests without scaring your customers.",
        "tags": ["pricing", "monetization", "go-to-market"],
        "authors": "Lukas Brandt",
        "access": "members",
        "sections": [
            (
                "Start from value",
                "Customers do not pay for features; they pay for the "
                "difference your product makes to their work. List the outcomes customers get, "
                "estimate what each is worth to them, and price as a share of that value.",
            ),
            (
                "Packaging",
                "Good tiers follow how customers grow. A starter tier removes "
                "friction, a team tier adds collaboration, an enterprise tier adds control and "
                "compliance. Avoid tiers that differ only by arbitrary limits.",
            ),
            (
                "Testing prices",
                "Test on new customers only, change one thing at a time and "
                "watch conversion and retention together: a price that converts well but churns "
                "fast is not a win.",
            ),
            (
                "Talking about price",
                "Announce increases early, explain what changed in the "
                "product, and give existing customers time. Price changes are product launches "
                "and deserve the same care.",
            ),
        ],
    },
    {
        "slug": "your-first-90-days-as-a-pm",
        "title": "Your First 90 Days as a Product Manager",
        "summary": "An eight-step plan for a new PM role: expectations, people, demo, metrics, "
        "quick wins and a roadmap you can defend.",
        "tags": ["first 90 days", "onboarding", "career"],
        "authors": "Priya Raman",
        "access": "public",
        "sections": [
            (
                "Agree on expectations",
                "In the first week, ask your manager what success looks "
                "like at 30, 60 and 90 days, and write it down. Revisit it together every few "
                "weeks.",
            ),
            (
                "Meet every team",
                "Spend time with engineering, design, sales, support, "
                "marketing and finance. Ask each what they need from product management and "
                "what went wrong before you arrived.",
            ),
            (
                "Learn to demo and learn the numbers",
                "Give the product demo yourself within a "
                "month. Learn the key metrics, the north star and the current OKRs well enough to "
                "explain them without notes.",
            ),
            (
                "Quick wins, then the roadmap",
                "Ship a small improvement customers will notice, "
                "then present a vision and roadmap grounded in what you heard. Listen more than "
                "you talk throughout.",
            ),
        ],
    },
    {
        "slug": "okrs-without-the-theatre",
        "title": "OKRs Without the Theatre",
        "summary": "Set objectives and key results that change decisions, not slide decks.",
        "tags": ["okrs", "metrics", "product strategy"],
        "authors": "Daniel Mensah",
        "access": "members",
        "sections": [
            (
                "Fewer objectives",
                "Three objectives per team per quarter is plenty. If "
                "everything is an objective, nothing is.",
            ),
            (
                "Key results you can act on",
                "A good key result is a number the team can move "
                "and check weekly. Lagging figures such as annual revenue belong in company goals, "
                "not team OKRs.",
            ),
            (
                "Check-ins",
                "Spend ten minutes a week on confidence: is each key result on track, "
                "at risk or off track, and what will we do about it?",
            ),
            (
                "Grading honestly",
                "Reaching 70 percent of an ambitious key result is a good "
                "quarter. Hitting everything every time means the targets were too safe.",
            ),
        ],
    },
    {
        "slug": "impostor-syndrome-field-guide",
        "title": "The Impostor Syndrome Field Guide for PMs",
        "summary": "Why so many product managers feel like frauds, and habits that help you "
        "trust your own judgement.",
        "tags": ["impostor syndrome", "career", "leadership"],
        "authors": "Sofia Lindqvist",
        "access": "members",
        "sections": [
            (
                "You are not alone",
                "About four in ten product managers say they feel like "
                "impostors. The role is broad, feedback is slow and success is shared, so "
                "doubt fills the gaps.",
            ),
            (
                "Keep a record",
                "Write down decisions you made and what happened. Reading it back "
                "after a quarter shows a pattern of good calls that memory hides.",
            ),
            (
                "Ask for specific feedback",
                "Instead of 'how am I doing?', ask 'what should I "
                "do differently in the planning meeting?'. Specific answers calm vague fears.",
            ),
            (
                "Find peers",
                "A mentor or a small circle of PMs from other companies turns private "
                "worries into shared, solvable problems.",
            ),
        ],
    },
    {
        "slug": "mentoring-for-product-people",
        "title": "Mentoring for Product People",
        "summary": "How to find a mentor, be a good mentee, and start mentoring others.",
        "tags": ["mentoring", "career", "coaching"],
        "authors": "Grace Liu, Tomás Ferreira",
        "access": "public",
        "sections": [
            (
                "Why it matters",
                "Lack of mentoring is the reason PMs most often give for leaving "
                "a job. A mentor shortens the path from confusion to confidence.",
            ),
            (
                "Finding a mentor",
                "Look for someone two or three steps ahead of you, not a "
                "celebrity. Ask for one conversation about a concrete problem, not a lifelong "
                "commitment.",
            ),
            (
                "Being a good mentee",
                "Bring an agenda, follow up on what you tried, and say thank you with results.",
            ),
            (
                "Mentoring others",
                "You do not need to be senior to help. Someone six months "
                "behind you will learn from what you figured out last quarter.",
            ),
        ],
    },
    {
        "slug": "discovery-interviews-that-work",
        "title": "Discovery Interviews That Actually Work",
        "summary": "Run customer interviews that reveal real problems instead of polite "
        "opinions about your ideas.",
        "tags": ["discovery", "user interviews", "customer research"],
        "authors": "Hannah Weiss",
        "access": "members",
        "sections": [
            (
                "Ask about the past",
                "People are poor at predicting what they will do and good at "
                "describing what they did. Ask about the last time the problem happened.",
            ),
            (
                "Do not pitch",
                "The moment you show your idea, the interview becomes a sales "
                "call. Save solutions for a separate test.",
            ),
            (
                "Take notes as a team",
                "Invite an engineer and a designer. Shared notes beat a "
                "summary written by one person.",
            ),
            (
                "Look for patterns",
                "After five or six interviews, group what you heard by job, "
                "pain and workaround. Patterns are the input to your roadmap.",
            ),
        ],
    },
    {
        "slug": "growth-pm-playbook",
        "title": "The Growth PM Playbook",
        "summary": "Experiments, funnels and retention loops for product managers who own "
        "growth metrics.",
        "tags": ["growth", "experimentation", "retention", "product-led growth"],
        "authors": "Marco Bellini",
        "access": "members",
        "sections": [
            (
                "Map the funnel",
                "Write down each step from first visit to habitual use and "
                "measure the drop at each. Work on the largest drop you can influence.",
            ),
            (
                "Experiment with discipline",
                "State the hypothesis, the metric and the sample "
                "size before you start. Stop early only for harm, never for good news.",
            ),
            (
                "Retention first",
                "Acquisition without retention fills a leaking bucket. Find "
                "the moment new users first get value and shorten the path to it.",
            ),
            (
                "Share what you learn",
                "Publish every experiment, including the failures. A "
                "searchable log stops teams from repeating tests.",
            ),
        ],
    },
    {
        "slug": "ai-product-management-primer",
        "title": "A Primer on AI Product Management",
        "summary": "What changes when your product depends on models: data, evaluation, "
        "uncertainty and trust.",
        "tags": ["ai", "machine learning", "product strategy"],
        "authors": "Yuki Tanaka",
        "access": "members",
        "sections": [
            (
                "Start from the problem",
                "A model is a means, not a goal. Be clear about the "
                "decision or task the model improves and how you will know it did.",
            ),
            (
                "Evaluation is the product",
                "Build a set of examples that represent real use and "
                "measure every change against it before users see it.",
            ),
            (
                "Design for mistakes",
                "Models are sometimes wrong. Give users a way to see, "
                "correct and report errors, and make the cost of a mistake small.",
            ),
            (
                "Data and trust",
                "Explain what data you use and why. Trust is slow to build and fast to lose.",
            ),
        ],
    },
]

INFOGRAPHICS = [
    {
        "slug": "product-manager-vs-project-manager",
        "title": "Product, Program, Project or Product Marketing Manager?",
        "summary": "Four roles that are often confused, compared on one page.",
        "tags": ["career", "product marketing", "project management"],
        "access": "public",
        "points": [
            "Product manager: decides what to build and why, owns the outcome.",
            "Program manager: coordinates several projects toward one goal.",
            "Project manager: delivers a defined scope on time and on budget.",
            "Product marketing manager: positions the product and arms sales.",
        ],
    },
    {
        "slug": "thirteen-core-pm-traits",
        "title": "13 Core Traits of Effective Product Managers",
        "summary": "From leading without authority to delivering on promises: the traits "
        "that set strong PMs apart.",
        "tags": ["leadership", "career", "communication"],
        "access": "members",
        "points": [
            "Lead and influence, solve problems, act on insights.",
            "Communicate with purpose and manage your time.",
            "Think strategically and bring order to chaos.",
            "Ideate, execute and collaborate across functions.",
            "Be a team player, keep promises, understand other teams.",
        ],
    },
    {
        "slug": "first-90-days-checklist",
        "title": "The First 90 Days Checklist",
        "summary": "Eight steps for a new product role on a single page to pin next to your desk.",
        "tags": ["first 90 days", "onboarding"],
        "access": "public",
        "points": [
            "Agree on expectations with your manager.",
            "Meet every team and learn to demo the product.",
            "Learn the key metrics, north star, OKRs and KPIs.",
            "Land a quick win, then share a vision and roadmap.",
            "Listen more than you talk.",
        ],
    },
    {
        "slug": "metrics-that-matter",
        "title": "Metrics That Matter: Acquisition, Engagement, Monetization",
        "summary": "Which numbers to watch at each stage, and how to tell an actionable metric "
        "from a vanity one.",
        "tags": ["metrics", "kpis", "analytics"],
        "access": "members",
        "points": [
            "Acquisition: visitors, sign-ups, activation rate.",
            "Engagement: weekly active use, feature adoption, retention.",
            "Monetization: conversion to paid, expansion, churn.",
            "A metric is useful only if you can act on it.",
        ],
    },
    {
        "slug": "who-drives-the-roadmap",
        "title": "Who Drives the Roadmap?",
        "summary": "The inputs product management weighs when it owns the roadmap.",
        "tags": ["roadmaps", "stakeholder management"],
        "access": "members",
        "points": [
            "Market and competitors.",
            "Customers and partners.",
            "Technology, platform and open source.",
            "Strategy, legal and team capacity.",
        ],
    },
    {
        "slug": "pm-challenges-by-the-numbers",
        "title": "PM Challenges by the Numbers",
        "summary": "Why product managers leave, what holds them back and what helps.",
        "tags": ["career", "mentoring", "impostor syndrome"],
        "access": "members",
        "points": [
            "More than half are new in their role.",
            "One in three leave for lack of growth.",
            "Four in ten report impostor syndrome.",
            "Three in four see skills and certifications as key to progress.",
        ],
    },
]

SERIES = {
    "slug": "product-award",
    "title": "Product Award podcast",
    "description": "Conversations with product leaders recognised by the Product Award: how "
    "they built what they built, and what they would do differently.",
}

EPISODES = [
    (
        "building-a-pricing-team",
        "Building a pricing team from scratch",
        "Nadia Haddad",
        ["pricing", "monetization", "leadership"],
        "public",
        "Nadia Haddad explains how her team moved from discount-driven deals to value-based "
        "packaging, and why the first step was talking to the customers who had churned.",
    ),
    (
        "platform-pm-lessons",
        "Lessons from ten years of platform products",
        "Erik Johansson",
        ["platform strategy", "apis", "developer experience"],
        "members",
        "Erik Johansson on treating internal developers as customers, versioning APIs without "
        "breaking trust, and measuring a platform by the products built on it.",
    ),
    (
        "growth-without-dark-patterns",
        "Growth without dark patterns",
        "Chloe Martin",
        ["growth", "experimentation", "ethics"],
        "members",
        "Chloe Martin describes the experiments that grew her product's weekly active users and "
        "the ones her team refused to run because they would have tricked people.",
    ),
    (
        "from-engineer-to-product-leader",
        "From engineer to product leader",
        "Rahul Mehta",
        ["career", "leadership", "technical"],
        "public",
        "Rahul Mehta talks about leaving engineering for product management, the skills that "
        "carried over, and the ones he had to learn the hard way.",
    ),
    (
        "okrs-at-scale",
        "Making OKRs work across forty teams",
        "Ingrid Solberg",
        ["okrs", "metrics", "product operations"],
        "members",
        "Ingrid Solberg on aligning forty teams with a handful of company objectives, and the "
        "weekly ritual that kept the key results honest.",
    ),
    (
        "hardware-roadmaps",
        "Roadmaps when your product has atoms",
        "Kenji Watanabe",
        ["hardware", "roadmaps", "supply chain"],
        "members",
        "Kenji Watanabe explains how long lead times change product decisions and why his team "
        "plans hardware and software roadmaps together.",
    ),
    (
        "ai-features-users-trust",
        "AI features users actually trust",
        "Fatima Zahra",
        ["ai", "ux", "machine learning"],
        "members",
        "Fatima Zahra on evaluating model quality before launch, designing for mistakes and "
        "earning the trust of cautious enterprise customers.",
    ),
    (
        "mentoring-the-next-generation",
        "Mentoring the next generation of PMs",
        "Olivia Grant",
        ["mentoring", "coaching", "career"],
        "public",
        "Olivia Grant shares how she built a mentoring programme inside her company and what "
        "mentors gained from it as much as mentees.",
    ),
    (
        "go-to-market-for-b2b",
        "Launching B2B products that sales can sell",
        "Samuel Adeyemi",
        ["go-to-market", "sales enablement", "launch planning"],
        "members",
        "Samuel Adeyemi on partnering with sales early, writing positioning that survives the "
        "first customer call and measuring a launch beyond launch day.",
    ),
    (
        "handling-the-workload",
        "Saying no and handling the workload",
        "Elena Petrova",
        ["time management", "prioritization", "impostor syndrome"],
        "members",
        "Elena Petrova explains how she protects time for strategy, says no without burning "
        "bridges and deals with the feeling of never doing enough.",
    ),
]

TRANSCRIPT_TEMPLATE = """Host: Welcome to the Product Award podcast. Today my guest is {guest}. \
{blurb}

{guest}: Thanks for having me. The short version is that we learned most from the things that \
went wrong. We started by listening to customers, then we changed how the team made decisions.

Host: What would you tell a product manager facing the same problem today?

{guest}: Write down what you believe and how you will know if you are wrong. Share it with the \
team. Most of the time the disagreement is about the evidence, not about the goal.

Host: And what about {topic}?

{guest}: It matters more than people think. We put {topic} on the agenda of every planning \
meeting and measured progress every month. That habit changed the culture more than any \
single project.

Host: Thank you, {guest}. Listeners, you will find the notes for this episode on PM Portal."""

ARTICLES = [
    {
        "slug": "is-a-pm-a-mini-ceo",
        "title": "Is a Product Manager a Mini-CEO?",
        "summary": "Responsibility without authority: why the comparison helps and where it "
        "misleads.",
        "tags": ["leadership", "influencing without authority"],
        "access": "public",
        "body": "The phrase captures the breadth of the job: a PM thinks about customers, "
        "market, money and team at once. It misleads about power. A CEO can hire, fire and "
        "decide; a PM mostly persuades.\n\nThe useful lesson is the mindset: own the outcome "
        "as if the business were yours, and earn influence through clarity and evidence.",
    },
]

VIDEOS = [
    {
        "slug": "becoming-a-thought-leader",
        "title": "Becoming a Thought Leader: Join, Shape, Drive",
        "summary": "A short talk on moving from following the product conversation to leading it.",
        "tags": ["thought leadership", "career", "communication"],
        "access": "public",
        "external_url": "https://video.pmportal.example/becoming-a-thought-leader",
        "body": "Start by joining the conversation: read, comment and attend. Then shape it "
        "with your own experience, written down. Finally drive it by convening others around "
        "a question you care about.",
    },
]
