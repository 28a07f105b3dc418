"""A bulletin's 文号 is unique for its scope and year, and lies in 1–1,000,000."""

from django.db import migrations, models


def fill_year(apps, schema_editor):
    """The 文号's year is the year of the bulletin's date, for those already issued."""
    Bulletin = apps.get_model("bulletins", "Bulletin")
    for bulletin in Bulletin.objects.filter(number__isnull=False, date__isnull=False):
        bulletin.year = bulletin.date.year
        bulletin.save(update_fields=["year"])


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0002_batches"),
    ]

    operations = [
        migrations.AddField(
            model_name="bulletin",
            name="year",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="文号年度"
            ),
        ),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="bulletin",
            constraint=models.UniqueConstraint(
                fields=("scope", "year", "number"), name="bulletin_number_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="bulletin",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("number__isnull", True),
                    models.Q(("number__gte", 1), ("number__lte", 1000000)),
                    _connector="OR",
                ),
                name="bulletin_number_range",
            ),
        ),
    ]
