# Member skills get their own tag tables (Skill, TaggedSkill) instead of taggit's shared Tag and
# TaggedItem, which stay the content vocabulary (FAQ questions, resources). 0010 moves the rows.

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0011_profile_domains_index'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='Skill',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('slug', models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name='slug')),
            ],
            options={
                'verbose_name': 'skill',
                'verbose_name_plural': 'skills',
            },
        ),
        migrations.CreateModel(
            name='TaggedSkill',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to='members.profile')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_profiles', to='members.skill')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('content_object', 'tag'), name='members_taggedskill_unique')],
            },
        ),
        # Only Django's state changes: a TaggableManager has no column, and both through
        # models are tables of their own.
        migrations.AlterField(
            model_name='profile',
            name='skills',
            field=taggit.managers.TaggableManager(blank=True, help_text='Comma-separated, e.g. roadmaps, pricing.', through='members.TaggedSkill', to='members.Skill', verbose_name='skills'),
        ),
    ]
