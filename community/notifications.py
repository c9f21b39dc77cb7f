"""The notification kinds of community questions (autodiscovered by the notifications app)."""

from notifications.kinds import Delivery, Kind, register

register(
    Kind("community_answer", "Answers to my community questions", Delivery.EMAIL,
         "When a member answers a question you asked."),
    Kind("community_accepted", "Accepted answers", Delivery.SITE,
         "When the asker accepts your answer."),
    Kind("community_promoted", "Community questions answered in the FAQ", Delivery.EMAIL,
         "When a question you asked or follow becomes a published FAQ answer."),
    # Opt-in: off until the member turns it on.
    Kind("community_match", "New questions matching my skills", Delivery.OFF,
         "New community questions tagged with your skills (at most three a week)."),
)  # fmt: skip
