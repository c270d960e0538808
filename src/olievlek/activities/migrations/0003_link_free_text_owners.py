"""Owners typed as free text before an action's owner could be a person: a text that is exactly
the name of one person of the action's network becomes that person (free text stays only for
owners outside the network, which erasure cannot find)."""

from django.db import migrations


def link_owners(apps, schema_editor):
    Action = apps.get_model("activities", "Action")
    Person = apps.get_model("networks", "Person")
    for action in (Action.objects.select_related("score__round")
                   .filter(person__isnull=True).exclude(owner="")):
        found = list(Person.objects.filter(network_id=action.score.round.network_id,
                                           name__iexact=action.owner.strip())[:2])
        if len(found) == 1:
            action.person_id, action.owner = found[0].pk, ""
            action.save(update_fields=["person", "owner"])


class Migration(migrations.Migration):

    dependencies = [
        ("activities", "0002_action_owner_person"),
    ]

    operations = [
        migrations.RunPython(link_owners, migrations.RunPython.noop),
    ]
