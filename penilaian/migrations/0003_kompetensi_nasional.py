"""The national kompetensi catalogue (PermenPANRB 38/2017): the eight manajerial kompetensi and
Perekat Bangsa (sosial kultural), levels 1–5. The level texts are short summaries written for this
product; the regulation's behaviour indicators are the reference."""

from django.db import migrations

MANAJERIAL = "manajerial"
SOSIAL_KULTURAL = "sosial_kultural"

KATALOG = [
    (
        "M1",
        MANAJERIAL,
        "Integritas",
        "Konsisten bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi dan jabatan.",
        [
            "Mampu bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi.",
            "Mampu mengingatkan dan mengajak rekan kerja bertindak sesuai nilai, norma dan etika.",
            "Mampu memastikan dan menjamin sikap etis di unit kerja yang dipimpin.",
            "Mampu menciptakan situasi kerja yang membuat rekan kerja patuh pada nilai dan etika.",
            "Mampu menjadi role model dalam penerapan standar keadilan dan etika di tingkat nasional.",
        ],
    ),
    (
        "M2",
        MANAJERIAL,
        "Kerja Sama",
        "Menjalin dan membina hubungan kerja yang efektif dalam kelompok untuk mencapai tujuan.",
        [
            "Berpartisipasi sebagai anggota tim yang baik.",
            "Menumbuhkan tim kerja yang partisipatif dan efektif.",
            "Efektif membangun tim kerja lintas unit.",
            "Membangun komitmen tim dan sinergi antarunit.",
            "Menciptakan situasi kerja sama yang kolaboratif lintas instansi.",
        ],
    ),
    (
        "M3",
        MANAJERIAL,
        "Komunikasi",
        "Menyampaikan dan menerima informasi, gagasan dan pendapat secara jelas, lisan maupun tertulis.",
        [
            "Menyampaikan informasi dengan jelas, lengkap dan mudah dipahami.",
            "Aktif menjalankan komunikasi dua arah secara formal dan informal.",
            "Berkomunikasi secara asertif, terampil dan persuasif.",
            "Mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan.",
            "Menjadi komunikator yang handal di tingkat nasional dan internasional.",
        ],
    ),
    (
        "M4",
        MANAJERIAL,
        "Orientasi pada Hasil",
        "Mempertahankan komitmen menyelesaikan tugas dengan tanggung jawab dan standar kualitas tinggi.",
        [
            "Bertanggung jawab atas kualitas kerja sendiri.",
            "Berupaya meningkatkan hasil kerja pribadi melampaui standar.",
            "Menetapkan target kerja yang menantang bagi unit kerja.",
            "Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil kerja sebelumnya.",
            "Meningkatkan mutu pencapaian kerja organisasi.",
        ],
    ),
    (
        "M5",
        MANAJERIAL,
        "Pelayanan Publik",
        "Melaksanakan tugas pemerintahan dan pelayanan publik secara profesional, transparan dan objektif.",
        [
            "Menjalankan tugas pelayanan sesuai standar yang ditetapkan.",
            "Menunjukkan inisiatif untuk memenuhi kebutuhan pemangku kepentingan.",
            "Memanfaatkan kekuatan kelompok untuk memperbaiki standar pelayanan.",
            "Memantau dan mengevaluasi pelayanan publik di lingkup unit kerja.",
            "Menciptakan kebijakan pelayanan publik yang menjamin profesionalitas dan objektivitas.",
        ],
    ),
    (
        "M6",
        MANAJERIAL,
        "Pengembangan Diri dan Orang Lain",
        "Meningkatkan pengetahuan dan menyempurnakan keterampilan diri serta menginspirasi orang lain.",
        [
            "Mengembangkan diri sendiri dengan belajar dari berbagai sumber.",
            "Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan.",
            "Memberikan umpan balik dan membimbing bawahan secara terencana.",
            "Menyusun program pengembangan jangka panjang bagi unit kerja.",
            "Menciptakan budaya belajar di organisasi.",
        ],
    ),
    (
        "M7",
        MANAJERIAL,
        "Mengelola Perubahan",
        "Menyesuaikan diri dengan situasi yang berubah dan mengikuti serta memimpin perubahan.",
        [
            "Menyesuaikan diri dengan perubahan.",
            "Proaktif beradaptasi mengikuti perubahan.",
            "Membantu orang lain mengikuti perubahan dan mengantisipasi dampaknya.",
            "Memimpin perubahan di unit kerja.",
            "Mengarahkan perubahan secara strategis di tingkat organisasi.",
        ],
    ),
    (
        "M8",
        MANAJERIAL,
        "Pengambilan Keputusan",
        "Menyusun dan memutuskan tindakan terbaik secara logis dan sistematis dari informasi yang ada.",
        [
            "Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
            "Menganalisis masalah secara mendalam sebelum memutuskan.",
            "Membandingkan berbagai alternatif dan menyeimbangkan risiko keberhasilan.",
            "Menyelesaikan masalah yang mengandung risiko tinggi dan mengantisipasi dampaknya.",
            "Menghasilkan solusi strategis yang berdampak jangka panjang bagi organisasi.",
        ],
    ),
    (
        "SK1",
        SOSIAL_KULTURAL,
        "Perekat Bangsa",
        "Mempromosikan sikap toleransi, keterbukaan dan peka terhadap perbedaan individu dan kelompok.",
        [
            "Peka dan memahami serta menerima kemajemukan.",
            "Aktif mengembangkan sikap saling menghargai dan menekankan persamaan dan persatuan.",
            "Mempromosikan dan mengembangkan sikap toleransi dan persatuan.",
            "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk efektivitas organisasi.",
            "Menjadi wakil pemerintah yang membangun hubungan sosial psikologis di tengah kemajemukan.",
        ],
    ),
]


def muat(apps, schema_editor):
    Kompetensi = apps.get_model("penilaian", "Kompetensi")
    for kode, jenis, nama, deskripsi, level in KATALOG:
        Kompetensi.objects.update_or_create(
            instansi=None,
            kode=kode,
            defaults={"jenis": jenis, "nama": nama, "deskripsi": deskripsi, "deskripsi_level": level},
        )


def hapus(apps, schema_editor):
    apps.get_model("penilaian", "Kompetensi").objects.filter(instansi=None, kode__in=[k[0] for k in KATALOG]).delete()


class Migration(migrations.Migration):
    dependencies = [("penilaian", "0002_kompetensi_standar_asesmen")]
    operations = [migrations.RunPython(muat, hapus)]
