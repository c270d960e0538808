"""Preload the study's codebook (Bijlage 5: 4 categories > 11 subcategories > 33 codes)."""

from django.db import migrations


def load(apps, schema_editor):
    from olievlek.coding.codebook import study_codebook

    Code = apps.get_model("qda", "Code")

    def add(nodes, parent):
        for i, node in enumerate(nodes):
            code, _ = Code.objects.get_or_create(
                guid=node.guid,
                defaults={
                    "name": node.name, "parent": parent, "position": i,
                    "description": node.description, "codable": node.codable,
                    "color": node.color, "key": node.key,
                },
            )
            add(node.children, code)

    add(study_codebook(), None)


class Migration(migrations.Migration):
    dependencies = [("qda", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
