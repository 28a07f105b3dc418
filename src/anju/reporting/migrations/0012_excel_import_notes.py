from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0011_report_unpublished_and_as_of'),
    ]

    operations = [
        migrations.AddField(
            model_name='excelimport',
            name='rows',
            field=models.JSONField(blank=True, default=dict, verbose_name='行号'),
        ),
        migrations.AddField(
            model_name='excelimport',
            name='notes',
            field=models.JSONField(blank=True, default=dict, verbose_name='填报说明'),
        ),
    ]
