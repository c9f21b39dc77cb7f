"""Demo FAQ content: the questions product managers ask most, answered in our own words.

`load()` is idempotent: categories and questions are matched by slug and updated in place.
"""

import datetime

from faq.models import Category, Question, QuestionStatus

CATEGORIES = [
    (
        "the-role",
        "The product manager role",
        "What the job is, who you work with, and how it differs from its neighbours.",
    ),
    (
        "doing-the-job-well",
        "Doing the job well",
        "Habits, traits, skills, roadmaps and the numbers that tell you it is working.",
    ),
    (
        "starting-out",
        "Starting in a new PM role",
        "Your first three months and your first year.",
    ),
    (
        "challenges",
        "Challenges product managers face",
        "What makes the job hard, what helps, and what it costs when nothing changes.",
    ),
    (
        "career-growth",
        "Growing your career",
        "Leadership, visibility, mentors and a workload you can sustain.",
    ),
    (
        "about-pm-portal",
        "About PM Portal",
        "Membership, resources and how to reach us.",
    ),
]

# (category slug, slug, question, tags, answer in Markdown)
QUESTIONS: list[tuple[str, str, str, list[str], str]] = [
    (
        "the-role",
        "what-does-a-product-manager-do",
        "What does a product manager do?",
        ["role", "basics", "accountability"],
        """
A product manager decides **what gets built and why**, and answers for whether it works once it
reaches the market. Engineers own how something is built and designers own how it feels to use;
the PM owns the reasons for building it at all and the bet that it will pay off.

In practice the work comes down to four loops that never really stop:

1. **Find the need.** Talk to customers, read support tickets, study usage data and watch the
   market until you can state a problem worth solving in one plain sentence.
2. **Tie it to the business.** Every problem competes for the same people and money, so connect
   each one to a business objective: revenue, retention, cost, reach or strategic position.
3. **Define success up front.** Agree on how you will know it worked (a metric, a target and a
   date) before anyone writes code, so the team is not arguing about it after launch.
4. **Rally the team.** Engineering, design, marketing, sales, support and others do the building
   and selling. The PM gives them a shared picture of the goal and keeps it current as things
   change.

The PM is accountable for the product's success in the market, not for shipping on schedule
alone. A feature delivered on time that nobody uses is still a miss. That is why good PMs spend
as much time outside the building, with customers and partners, as inside it with their team.
""",
    ),
    (
        "the-role",
        "product-manager-roles-and-responsibilities",
        "Which teams does a product manager work with?",
        ["role", "cross-functional", "stakeholders", "teams"],
        """
Nearly all of them. A product touches every function in a company, so the PM's calendar is a
map of the organisation. The usual partners and what you need from each:

| team | what you work on together |
| --- | --- |
| Engineering | scope, trade-offs, sequencing, technical risk |
| Manufacturing (hardware) | cost of goods, supply, yield and build schedules |
| Marketing | positioning, messaging, launch plans, demand generation |
| Sales | deal feedback, pricing questions, what wins and loses |
| Finance | business cases, pricing, margins and forecasts |
| Partners | ISVs, SIs, VARs, VADs and MSPs who build on, integrate, resell or run your product |
| Press Relations | announcements and the story you tell the media |
| Analyst Relations | briefings with industry analysts who influence buyers |
| Market Research | sizing, segmentation and buyer studies |
| Competitive Research | who you are up against and how to win |
| UX / CX | research, design and the experience across the whole customer journey |
| Product Operations | tooling, data, processes and rhythms that let product teams scale |
| Strategy | where the company is heading and how your product fits |
| Legal | licences, contracts, privacy, compliance and open-source obligations |

You do not manage any of these teams. Your job is to make sure each one understands the goal,
hears about changes early and gets from you what it needs to do its part well.
""",
    ),
    (
        "the-role",
        "product-manager-vs-program-project-product-marketing-manager",
        "How is a product manager different from a program, project or product marketing manager?",
        ["role", "program manager", "project manager", "product marketing", "comparison"],
        """
The titles sound alike and the people sit in the same meetings, but each one answers a different
question:

- **Product manager: what should we build, and why?** Owns the problem, the priorities and the
  outcome in the market. Measured by adoption, revenue, retention and customer value.
- **Program manager: how do many teams deliver this together?** Coordinates several related
  projects across teams, manages dependencies and risks, and keeps a large effort (a platform
  migration, a multi-product launch) on course.
- **Project manager: how do we deliver this one thing on time, on budget and in scope?** Owns the
  plan, the schedule and the resources for a defined piece of work with a start and an end.
- **Product marketing manager (PMM): how do we take it to market?** Owns positioning, messaging,
  pricing input, launch, sales enablement and the story customers hear.

A simple way to remember it: the product manager decides the destination, the project and
program managers plan the journey, and the product marketing manager tells the world why the
trip is worth taking. In small companies one person often wears several of these hats; knowing
which hat you have on at a given moment keeps decisions clear.
""",
    ),
    (
        "the-role",
        "types-of-product-managers",
        "What types of product managers are there?",
        ["role", "technical PM", "growth", "go-to-market", "platform", "specialisations"],
        """
Product management splits two ways: by the **kind of work** you lean towards, and by the **kind
of product** you look after.

**By focus**

- **Technical PM**: close to engineering; works on architecture-heavy products, infrastructure
  and developer-facing features, and is comfortable reading designs and debating trade-offs.
- **Growth PM**: owns a funnel metric (activation, conversion, retention, expansion) and runs
  experiments to move it.
- **Go-to-market PM**: sits nearer the customer and the field; shapes packaging, pricing,
  launches and what sales and partners need to win.
- **Platform PM**: builds the shared capabilities other teams and products build on; their
  customers are often internal teams or outside developers.

**By product**

AI, API, data and analytics, digital, enterprise, hardware, software, startup and UX product
managers each bring domain knowledge to the same core job. An API PM thinks about developer
experience and versioning; a hardware PM about bills of materials and supply chains; a startup PM
about finding product-market fit before the money runs out; an AI PM about data quality, model
behaviour and trust.

The fundamentals (customer need, business objective, success measure, a team pulling in one
direction) are the same in every variety. Specialising is a way to go deeper, not a different
profession.
""",
    ),
    (
        "the-role",
        "is-a-product-manager-a-mini-ceo",
        "Is a product manager the mini-CEO of the product?",
        ["role", "ceo", "authority", "influence"],
        """
It is a popular phrase and only half true. Like a CEO, a PM is expected to think about the whole
business of the product: customers, market, competitors, money and people. And, like a CEO, the
PM is the one who answers when the product does not succeed.

The difference is **authority**. A CEO can hire, fire, set budgets and decide. A product manager
usually has none of that power over engineering, design, marketing or sales: nobody on those
teams reports to you. You carry the responsibility without the authority.

So the job runs on influence instead:

- **Evidence**: data and customer insight that make the right choice obvious.
- **Clarity**: a goal and a rationale simple enough that people repeat them without you.
- **Trust**: keeping promises, giving credit away and owning mistakes, so teams want to follow.
- **Shared goals**: objectives agreed with other leaders, so their teams' success and yours are
  the same thing.

If you think of yourself as a mini-CEO, you will be tempted to give orders, and it will not go
well. Think of yourself as the person who makes sure everyone is building the right thing for the
right reason.
""",
    ),
    (
        "doing-the-job-well",
        "product-management-best-practices",
        "What are product management best practices, and what does poor product management cost?",
        ["best practices", "process", "cost", "failure", "launch"],
        """
Good practice is not a heavy process; it is a handful of habits applied every week:

- **Start from the problem.** Write down the customer problem and the evidence for it before
  discussing solutions.
- **Decide how you will measure success** before you build, and check it after you ship.
- **Keep one prioritised roadmap** that everyone can see, with the reasons behind the order.
- **Involve engineering and design early**, in discovery, not just delivery.
- **Ship in small steps** and learn from each one rather than betting everything on a big launch.
- **Close the loop with customers and the field**: tell them what changed because of what they
  told you.
- **Write decisions down** so they survive people changing teams.

The cost of getting this wrong is large and well documented. Roughly **one in three product
launches fails** to meet its goals, and weak product management, with unclear priorities, shifting
requirements and rework, wastes around **30% of engineering throughput**. For a team of thirty
engineers, that is like paying nine people to build things nobody needed. Investing in product
management skills is one of the cheapest ways a company can get more out of the team it already
has.
""",
    ),
    (
        "doing-the-job-well",
        "core-traits-of-a-product-manager",
        "What traits make a great product manager?",
        ["traits", "qualities", "characteristics", "leadership"],
        """
Across hiring managers and product leaders, the same thirteen traits keep coming up. Most can be
learned; none require a particular degree.

1. **Leads and influences**: gets people moving without formal authority.
2. **Solves problems**: breaks a messy situation into parts that can be tackled.
3. **Acts on insights**: turns data and customer conversations into decisions, not reports.
4. **Communicates with purpose**: knows the audience and the one thing they need to hear.
5. **Manages time**: protects focus for what matters most.
6. **Thinks strategically**: sees how today's choice plays out over a year or three.
7. **Organises chaos**: brings order and a plan where there was confusion.
8. **Generates ideas**: ideates freely and is not precious about whose idea wins.
9. **Executes**: gets things over the line, not just started.
10. **Collaborates across functions**: works as easily with finance or legal as with engineering.
11. **Is a team player**: shares credit, takes blame, helps others succeed.
12. **Delivers on promises**: says what will happen and makes it happen, which builds trust.
13. **Understands other teams**: knows what sales, support or operations need and why.

No one starts with all thirteen. Pick two that would make the biggest difference in your current
role, ask a colleague for honest feedback on them, and practise deliberately.
""",
    ),
    (
        "doing-the-job-well",
        "product-manager-skills",
        "What skills does a product manager need?",
        ["skills", "competencies", "soft skills", "training"],
        """
Think of it as two toolkits: **soft skills** that shape how you work with people, and
**competencies** that shape what you produce.

**Soft skills**

- Communication, in conversation and in writing
- Technical writing: specs, requirements and decision records people can act on
- Presentation: telling a clear story to executives, customers or a full room
- Influencing without authority
- Diplomacy: handling disagreement without damaging relationships
- Delegation: letting others own work and decisions
- Time management

**Competencies**

- Project management and roadmaps
- Product strategy and innovation
- Design thinking
- Customer and market research; competitive analysis
- UX and onboarding
- Finance: business cases, pricing and profit and loss
- Agile ways of working
- Partner and seller enablement
- Digital transformation
- Marketing

Nobody is expert in all of them. Map yourself honestly against both lists, pick the gaps that
hurt most in your current role, and close them with a course, a mentor or a stretch project.
Skills and certifications are one of the clearest signals of readiness for a bigger role.
""",
    ),
    (
        "doing-the-job-well",
        "who-should-drive-the-product-roadmap",
        "Who should drive the product roadmap?",
        ["roadmap", "strategy", "prioritisation", "planning"],
        """
**Product management should own and drive the roadmap.** Not because PMs know best, but because
someone has to weigh every input against every other and be accountable for the result. When
sales, engineering or an executive drives it alone, the roadmap tilts towards the loudest voice.

Driving it well means listening widely and deciding deliberately. The inputs to balance:

- **Market**: trends, segments and where demand is heading
- **Competitors**: what they ship and where you must match or differ
- **Customers**: problems, requests and the reasons deals are won or lost
- **Partners**: what integrators, resellers and platform partners need
- **Technology**: new capabilities, technical debt and platform changes
- **Company strategy**: where leadership wants the business to go
- **Legal and compliance**: regulation, privacy and contractual commitments
- **Open source**: communities you depend on or contribute to
- **Platform**: shared components other teams rely on
- **Team capacity**: what the people you have can realistically deliver

Publish the roadmap with the *why* next to each item, revisit it on a regular rhythm, and say
openly what you decided not to do. A roadmap is a statement of intent and priorities, not a
contract of dates.
""",
    ),
    (
        "doing-the-job-well",
        "product-management-metrics-and-kpis",
        "Which metrics and KPIs show that a product is successful?",
        ["metrics", "kpi", "measurement", "north star", "analytics"],
        """
Start with the customer journey and measure each stage:

- **Acquisition**: are the right people finding and trying the product? (visits, sign-ups,
  trials, cost per acquisition)
- **Engagement**: do they get value and come back? (activation, active users, feature adoption,
  retention)
- **Monetisation**: does that value turn into revenue? (conversion to paid, average revenue per
  account, expansion, churn)

Then add a layer of business KPIs, grouped in three families:

- **Financial**: revenue, margin, customer lifetime value, payback period
- **Market**: market share, win rate against competitors, share of the target segment
- **Customer**: satisfaction, Net Promoter Score, support volume, time to value

The test for any metric: **is it actionable?** If it moves, do you know what to do next? Page
views that climb because of a bot, or a total-users count that only ever goes up, feel good and
tell you nothing. Prefer rates and ratios over running totals, pick one north star metric that
captures the value customers get, and review a small set of supporting metrics on a fixed rhythm
with the whole team.
""",
    ),
    (
        "starting-out",
        "first-90-days-as-a-product-manager",
        "What should I do in my first 90 days as a product manager?",
        ["first 90 days", "onboarding", "new role", "getting started"],
        """
The first three months are for learning fast and earning trust. Eight steps that work in almost
any company:

1. **Agree expectations with your manager.** What does success look like at 30, 60 and 90 days?
   Write it down together.
2. **Meet every team you depend on**: engineering, design, sales, marketing, support, finance,
   partners. Ask what is working, what is not and what they need from product.
3. **Learn to demo the product** yourself, end to end, until you can show it to a customer
   without help.
4. **Learn the key metrics**: how the product is measured today, where the data lives and what
   the recent trends are.
5. **Understand the north star, OKRs and KPIs**: which objectives the company has set and how
   your product contributes to them.
6. **Find quick wins**: small, visible improvements that help customers or the team and show you
   can deliver.
7. **Shape the roadmap and vision**: by the end of the period, share your view of where the
   product should go and why.
8. **Listen more than you talk.** Your first ideas will be better after you have heard from
   customers and colleagues, and people will remember that you asked.
""",
    ),
    (
        "starting-out",
        "product-manager-goals-for-the-first-year",
        "What goals should I set for my first year as a product manager?",
        ["first year", "goals", "okr", "planning", "vision"],
        """
After the first 90 days, set goals that prove you understand the business and can move it. A
useful first-year checklist:

- **Position**: a clear statement of who the product is for and why it wins.
- **Business goals**: revenue, adoption or retention targets you own and report on.
- **Team**: strong working relationships and a healthy rhythm with engineering and design.
- **Market segment**: a defined target segment, sized, with the reasons you chose it.
- **Customers**: a set of customers you talk to regularly, and what you learned from them.
- **Partners**: the partners that matter most to your product and what they need.
- **Competitors**: a current competitive picture, including a SWOT analysis (strengths,
  weaknesses, opportunities, threats).
- **Technology**: an understanding of the architecture, its limits and its technical debt.
- **Ecosystem**: the wider landscape of platforms, standards and communities around you.
- **Vision and roadmap**: a vision people can repeat and a roadmap that follows from it.
- **OKRs**: objectives and key results for your product, aligned with the company's.

Review progress every quarter with your manager. A year in, you should be the person others go
to for the truth about your product and its market.
""",
    ),
    (
        "challenges",
        "challenges-product-managers-face",
        "What are the biggest challenges product managers face?",
        ["challenges", "career", "retention", "survey"],
        """
Surveys of product professionals paint a consistent picture:

- **Many are new to the job.** More than half have been in a product role for only a few years,
  often moving in from engineering, design, marketing or sales without formal training.
- **Growth is a worry.** About **one in three** leave a job because they see no room to grow.
- **Ambition is high.** Around **half** want to be product leaders (head of product, VP or chief
  product officer) within ten years.
- **Self-doubt is common.** Roughly **four in ten** say they experience impostor syndrome.
- **Mentoring is missing.** The lack of a mentor is the **number one reason** PMs give for
  leaving.
- **Skills are the way up.** About **three in four** see skills and certifications as key to
  progressing in their careers.

Add the everyday pressure of responsibility without authority, competing stakeholders and an
endless backlog, and it is no surprise that many capable people feel stretched. The good news is
that each of these problems has a known remedy; see how product managers can solve them.
""",
    ),
    (
        "challenges",
        "how-to-solve-product-management-challenges",
        "How can product managers overcome these challenges?",
        ["challenges", "training", "mentoring", "peer network", "best practices"],
        """
Four things make the biggest difference, and they reinforce each other:

1. **Best practices.** Shared ways of working (clear problem statements, success metrics agreed
   up front, a visible roadmap) remove a lot of daily friction and make the job teachable.
2. **Training.** Structured learning fills the gaps left by coming into product from another
   discipline, and certifications give you and your employer a clear signal of progress.
3. **Mentoring.** A more experienced PM who has seen your situation before shortens years of trial
   and error into a few conversations. Since missing mentorship is the top reason PMs leave, it
   is also one of the best ways for a company to keep them.
4. **A peer network.** Other PMs facing the same problems are the quickest source of honest
   advice, templates and reassurance that you are not alone.

You can start on all four without waiting for your employer: join a community, read and apply
one practice at a time, find a mentor, and make a habit of comparing notes with peers. This
portal exists to make each of those easier.
""",
    ),
    (
        "challenges",
        "impact-of-not-solving-product-management-challenges",
        "What happens if these product management challenges are not addressed?",
        ["challenges", "cost", "turnover", "failure", "launch"],
        """
The costs show up in three places, and they compound:

- **Failed launches.** About one in three launches miss their goals. Unclear problems, shifting
  priorities and poor alignment across teams are common causes.
- **Lost engineering throughput.** Around 30% of engineering capacity goes to rework, abandoned
  work and features nobody uses when product direction is weak.
- **Turnover.** Product teams can see turnover of roughly **30%**. Each PM who leaves takes
  customer relationships, context and momentum with them, and a replacement needs months to get
  back to full speed.

For the people involved, the cost is burnout, stalled careers and the sense of working hard
without making progress. For the company, it is slower growth and a roadmap that keeps restarting.
Investing in practices, training and mentoring costs far less than any one of these outcomes.
""",
    ),
    (
        "challenges",
        "impostor-syndrome-in-product-management",
        "How do I deal with impostor syndrome as a product manager?",
        ["impostor syndrome", "confidence", "self-doubt", "wellbeing"],
        """
Impostor syndrome is the nagging feeling that you are not really qualified and will soon be found
out. In product management it is common: about four in ten PMs report it. The role is broad, you
are rarely the deepest expert in the room, and success is shared while failure feels personal,
which is the perfect recipe for self-doubt.

What helps:

- **Name it.** Recognising the feeling as a pattern, not a fact, takes some of its power away.
- **Remember what the job is.** You are not meant to know more about engineering than engineers
  or more about design than designers. Your expertise is the customer, the problem and the
  connections between teams.
- **Keep a record of wins**: decisions that worked, problems you unblocked, thanks you received.
  Read it when doubt creeps in.
- **Ask questions openly.** Good PMs ask a lot of them; it is a strength, not an admission.
- **Talk to peers and a mentor.** Hearing that respected product leaders felt the same way is
  one of the fastest cures.
- **Invest in skills.** Closing a real gap through training replaces vague anxiety with
  concrete confidence.
""",
    ),
    (
        "career-growth",
        "how-to-become-a-product-leader",
        "How do I become a product leader?",
        ["product leader", "leadership", "career", "head of product", "promotion"],
        """
Moving from managing a product to leading product managers (head of product, director, VP or
chief product officer) means shifting your attention from *your* product to *the* product
organisation and the business.

Steps that help:

- **Deliver results you can point to.** Leadership roles go to people with a track record of
  measurable outcomes, not only shipped features.
- **Think in portfolios.** Practise weighing investments across several products, not only
  within one.
- **Develop people.** Mentor newer PMs, share your templates and help others succeed; leaders are
  judged by their team.
- **Build relationships with executives** in sales, engineering, finance and marketing, and
  learn what they worry about.
- **Strengthen strategy and finance skills**: business cases, pricing, P&L and market strategy.
- **Get training and certification** where you have gaps; three in four PMs see them as key to
  moving up.
- **Tell your manager you want it**, and ask what evidence would make the case.

About half of PMs hope to lead product within ten years. The ones who get there usually started
acting like leaders well before the title arrived.
""",
    ),
    (
        "career-growth",
        "how-to-become-a-thought-leader",
        "How can I become a thought leader in product management?",
        ["thought leadership", "community", "writing", "speaking", "visibility"],
        """
Thought leadership is earned in public, one useful contribution at a time. It grows in three
stages:

1. **Join the conversation.** Become part of a product community, follow the people and debates
   that matter in your field, and comment thoughtfully on what others share.
2. **Shape the conversation.** Add your own perspective: write about lessons from your work,
   share a framework that helped your team, answer questions, speak at a meetup.
3. **Drive the conversation.** Put forward original ideas, research or data that others build on,
   host discussions, and bring new voices in.

Practical tips:

- Pick a narrow theme you know deeply (pricing for developer tools, say, or onboarding in
  fintech) rather than everything about product.
- Publish on a steady rhythm; consistency beats occasional brilliance.
- Be generous: credit others, share what did not work, help people who are earlier in their
  careers.
- Check with your employer on what you can share about your own products.
""",
    ),
    (
        "career-growth",
        "how-to-be-a-proactive-product-manager",
        "How can I be proactive rather than reactive as a product manager?",
        ["proactive", "reactive", "prioritisation", "time management", "strategy"],
        """
A reactive PM spends the week answering whatever arrived last: an escalation, a sales request, a
bug, a meeting invitation. A proactive PM decides what matters first and makes room for it.

Ways to make the shift:

- **Set your own agenda for the week** before opening your inbox: the two or three outcomes that
  would make the biggest difference.
- **Block time for thinking work** (discovery, strategy, writing) and defend it like a customer
  meeting.
- **Anticipate rather than respond.** Keep a short list of risks and upcoming decisions and act
  on them early, before they become fires.
- **Create channels for requests** (an intake form, a regular triage slot) so interruptions
  arrive in batches.
- **Say no, with reasons.** A clear roadmap with its rationale makes it easier to decline work
  that does not fit.
- **Share updates before people ask for them**; it prevents many of the questions that fill a
  reactive week.

Being proactive does not mean ignoring urgent problems. It means they no longer decide
everything you do.
""",
    ),
    (
        "career-growth",
        "how-to-find-a-product-management-mentor",
        "How do I find a mentor in product management?",
        ["mentor", "mentoring", "career", "network", "community"],
        """
A mentor is one of the best investments you can make in your career; not having one is the top
reason PMs give for leaving a job. Finding one is less formal than people expect.

- **Know what you want help with.** "Getting better at stakeholder management" or "moving into a
  platform role" is easier for someone to say yes to than "be my mentor".
- **Look a step or two ahead**, not only at famous leaders: someone who solved your current
  problem a few years ago remembers it clearly.
- **Use communities.** In the PM Portal member directory you can mark yourself as *looking for a
  mentor* and find members who are *open to mentoring*, matched on shared skills and domains.
- **Start small.** Ask for one conversation about a specific question. If it goes well, ask
  whether you could meet again in a month.
- **Be a good mentee.** Come prepared, follow up on advice and report back on what happened;
  mentors keep helping people who act.
- **Have more than one.** Different mentors for craft, career and industry give you a broader
  view.

When you have a few years behind you, offer to mentor someone else. It sharpens your own thinking
more than you might expect.
""",
    ),
    (
        "career-growth",
        "how-to-handle-a-product-manager-workload",
        "How do I handle the workload as a product manager?",
        ["workload", "time management", "burnout", "prioritisation", "wellbeing"],
        """
The PM's to-do list never ends, so the goal is not to finish it but to spend your time on what
matters most and keep going for years rather than months.

- **Prioritise ruthlessly.** Each week, pick the few outcomes that move your goals and let lower
  value work wait or go.
- **Delegate and trust.** Engineers, designers and analysts can own decisions in their areas;
  you do not need to be in every meeting.
- **Batch the small stuff.** Handle email, messages and requests in set windows instead of all
  day long.
- **Protect focus time** for writing, thinking and discovery.
- **Cut meetings that have no decision** or no clear reason for you to attend.
- **Use templates and checklists** for recurring work such as launch plans, release notes and
  status updates.
- **Make the load visible.** If demands exceed capacity, show your manager the trade-offs and
  agree together what drops.
- **Look after yourself.** Sleep, breaks and time off are not luxuries; tired PMs make poor
  calls.

If the workload stays unsustainable, treat it as a problem to solve with your manager, not a
personal failing.
""",
    ),
    (
        "about-pm-portal",
        "what-do-members-get",
        "What do I get when I join PM Portal?",
        ["membership", "free", "ebooks", "infographics", "podcast", "directory"],
        """
Membership is **free**. Once you register and confirm your email address you can:

- download **every eBook** in the library: long-form guides on roadmaps, strategy, the first 90
  days and more;
- download **every infographic**: one-page summaries to share with your team;
- listen to the **Product Award** resources, a podcast series of about twenty conversations with
  product leaders;
- **search the member directory** to find other product professionals by skill, role, domain and
  country, and find a mentor.

Members also get recommendations based on their role, domains and skills, and can say whether
they are open to mentoring or looking for a mentor. Your email address is never shown to other
members, and you decide whether you appear in the directory at all.
""",
    ),
    (
        "about-pm-portal",
        "how-do-i-ask-a-question",
        "My question is not answered here. How do I ask it?",
        ["contact", "ask", "support", "email"],
        """
Use the **Ask us** form at the bottom of any question page, or the one that appears when a search
finds nothing. Tell us your name, your email address and your question. We read every question,
answer it by email, and when it is likely to help others we publish the answer here and send you
the link.

You can also email us directly at the contact address in the footer of every page.
""",
    ),
]

REVIEWED = datetime.date(2026, 11, 2)


def load() -> str:
    categories = {}
    for position, (slug, name, description) in enumerate(CATEGORIES, start=1):
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    created = 0
    positions: dict[str, int] = {}
    for category_slug, slug, question_text, tags, answer in QUESTIONS:
        positions[category_slug] = positions.get(category_slug, 0) + 1
        question, was_created = Question.objects.update_or_create(
            slug=slug,
            defaults={
                "category": categories[category_slug],
                "question": question_text,
                "answer": answer.strip(),
                "status": QuestionStatus.PUBLISHED,
                "position": positions[category_slug],
                "last_reviewed": REVIEWED,
            },
        )
        question.tags.set(tags)
        created += was_created
    return f"{len(QUESTIONS)} questions in {len(CATEGORIES)} categories ({created} new)"
