# An attendance is a person or a named guest, not both. Rows with both keep the person (the
# register's entry, which carries organisation and authority) and lose the guest name.

from django.db import migrations, models


def keep_the_person(apps, schema_editor):
    Attendance = apps.get_model("meetings", "Attendance")
    Attendance.objects.filter(person__isnull=False).exclude(guest_name="").update(guest_name="")


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_network_in_core'),
    ]

    operations = [
        migrations.RunPython(keep_the_person, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.CheckConstraint(condition=models.Q(('person__isnull', True), ('guest_name', ''), _connector='OR'), name='attendance_person_or_guest', violation_error_message='An attendance is either a person or a named guest, not both.'),
        ),
    ]
